package com.google.protobuf;

/** A stand-in for protobuf's message interface, so the codec's check can be tested without protobuf. */
public interface Message {}
