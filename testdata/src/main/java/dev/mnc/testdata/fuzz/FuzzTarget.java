package dev.mnc.testdata.fuzz;

/**
 * A reader under test: reads one (possibly damaged) file's bytes and uses what it read the way the
 * product does (for a model: load it, and maybe run it), returning normally if the file was
 * accepted. Whatever it throws is classified by the campaign.
 */
@FunctionalInterface
public interface FuzzTarget {
    void accept(byte[] input) throws Exception;
}
