package dev.mnc.testdata.fuzz;

/**
 * One damaged input: its bytes and a one-line description of the damage ({@code "bytes 812..816 :=
 * 0xff"}, {@code "initializer 'w' dim 1 := -1"}), which the report prints beside a failing case.
 */
public record Mutation(String detail, byte[] bytes) {}
