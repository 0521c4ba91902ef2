package dev.mnc.passes;

import java.util.Optional;

/** Finds a pass by its registry name; {@link PassRegistry} is one, and resolves pipelines' {@code requires}. */
@FunctionalInterface
public interface PassLookup {

    /** The pass called {@code name}, if known. */
    Optional<Pass> find(String name);

    /** Knows no pass. */
    PassLookup NONE = name -> Optional.empty();
}
