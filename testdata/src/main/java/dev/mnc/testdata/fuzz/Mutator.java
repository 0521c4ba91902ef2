package dev.mnc.testdata.fuzz;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Damages a copy of a seed file. All randomness comes from the given generator, so that a case
 * replays exactly from its seed. A mutator that finds nothing to change in a seed (no external
 * data to redirect, a seed of another format) returns empty and the campaign picks another.
 */
public interface Mutator {
    /** A short kebab-case name for reports, e.g. {@code flip-bits}. */
    String name();

    /**
     * @param seed the file to damage (not modified)
     * @param corpus all seeds of the campaign, for mutators that combine two files
     * @param random the only source of randomness
     */
    Optional<Mutation> mutate(Seed seed, List<Seed> corpus, SplittableRandom random);
}
