/**
 * The pass manager's instruments, one per class, each a {@link dev.mnc.passes.PassInstrument}
 * that reads the graph around every pass and writes to a stream the caller chooses (the command
 * line gives stderr): {@link dev.mnc.passes.instrument.VerifyEach}, {@link dev.mnc.passes.instrument.PrintAfter},
 * {@link dev.mnc.passes.instrument.PrintChanged}, {@link dev.mnc.passes.instrument.TimePasses},
 * {@link dev.mnc.passes.instrument.DumpIrDir} and {@link dev.mnc.passes.instrument.RewriteLog}.
 * Instruments never change the graph.
 */
package dev.mnc.passes.instrument;
