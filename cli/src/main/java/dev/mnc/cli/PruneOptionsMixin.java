package dev.mnc.cli;

import dev.mnc.driver.PruneSettings;
import dev.mnc.prune.Budget;
import dev.mnc.prune.Importance;
import dev.mnc.prune.PruneOptions;
import dev.mnc.tensorio.Preprocessing;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Structured channel pruning: one budget, and the flags that tune how channels are chosen. */
final class PruneOptionsMixin {
    @Option(names = "--prune-ratio", paramLabel = "R", description = "Prune to remove the fraction R of the MACs.")
    Double ratio;

    @Option(names = "--prune-target-macs", paramLabel = "N", description = "Prune until at most N MACs remain.")
    Long targetMacs;

    @Option(names = "--prune-target-params", paramLabel = "N",
            description = "Prune until at most N parameters remain (for a model that must fit a size).")
    Long targetParams;

    @Option(names = "--width-multiplier", paramLabel = "A",
            description = "Keep the fraction A of every prunable group's channels (the MobileNet paper's width "
                    + "multiplier, the baseline for importance-based pruning).")
    Double widthMultiplier;

    @Option(names = "--prune-importance", paramLabel = "CRITERION",
            description = "Which channels go first: reconstruction (default: the output error least squares cannot "
                    + "undo, measured on calibration data), activation, l1, l2 or bn-gamma.")
    String importance;

    @Option(names = "--prune-min-channels", paramLabel = "N", description = "Fewest channels a layer keeps (default 8).")
    Integer minChannels;

    @Option(names = "--prune-channel-multiple", paramLabel = "M",
            description = "Keep widths that are multiples of M where possible (default 8; 1 for any width).")
    Integer channelMultiple;

    @Option(names = "--prune-skip", paramLabel = "LAYER", split = ",",
            description = "ONNX node names whose output channels are all kept.")
    List<String> skip = new ArrayList<>();

    @Option(names = "--no-recovery",
            description = "Skip the least-squares refit of the layers after pruned channels (measured: it is what keeps "
                    + "a pruned MobileNet usable without retraining).")
    boolean noRecovery;

    /** True when a budget was given. */
    boolean any() {
        return ratio != null || targetMacs != null || targetParams != null || widthMultiplier != null;
    }

    /**
     * The pruning step asked for, or null when no budget was given; tuning flags without a
     * budget, or more than one budget, are usage errors.
     */
    PruneSettings toSettings(CommandSpec spec, CalibrationOptions calibration, Preprocessing preprocessing) {
        Budget budget = Budget.oneOf(ratio, targetMacs, targetParams, widthMultiplier,
                () -> new CommandLine.ParameterException(spec.commandLine(), "give one pruning budget: "
                        + "--prune-ratio, --prune-target-macs, --prune-target-params or --width-multiplier"));
        if (budget == null) {
            boolean tuned = importance != null || minChannels != null || channelMultiple != null || !skip.isEmpty()
                    || noRecovery;
            if (tuned) {
                throw new CommandLine.ParameterException(spec.commandLine(), "pruning flags need a budget: "
                        + "--prune-ratio R, --prune-target-macs N, --prune-target-params N or --width-multiplier A");
            }
            return null;
        }
        PruneOptions.Builder b = PruneOptions.builder().budget(budget).recovery(!noRecovery).skip(skip);
        if (importance != null) {
            b.importance(Importance.fromText(importance));
        }
        if (minChannels != null) {
            b.minChannels(minChannels);
        }
        if (channelMultiple != null) {
            b.channelMultiple(channelMultiple);
        }
        if (calibration.limit != null) {
            b.calibrationLimit(calibration.limit);
        }
        if (calibration.seed != null) {
            b.seed(calibration.seed);
        }
        PruneOptions o = b.build();
        if (o.needsCalibration() && calibration.dir == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "pruning with " + o.importance().text()
                    + " importance" + (o.recovery() ? " and recovery" : "") + " needs --calibration-data DIR"
                    + (o.recovery() ? " (or --no-recovery with --prune-importance l1, l2 or bn-gamma)" : ""));
        }
        return new PruneSettings(o, o.needsCalibration() ? calibration.dir : null, preprocessing);
    }
}
