package dev.mnc.prune;

import java.util.List;

/**
 * One dependency group: channels that can only be removed together, as a user sees them. Channel j
 * of the group is one channel in each of {@link #values()} (several for a flattened tensor, whose
 * features all belong to one channel); removing it removes all of them and the matching weight
 * slices of {@link #layers()}.
 *
 * @param id position in {@link DependencyGraph#groups()}
 * @param name the layers that produce the channels, e.g. {@code Conv_5} or {@code Conv_4+3}
 * @param channels how many channels the group has
 * @param prunable false when some channel must stay (see {@code reason})
 * @param reason why the group is not prunable (a graph input or output, an op that mixes channels,
 *     a skipped layer), or empty
 * @param values the tensors whose channels the group spans, in graph order
 * @param layers the nodes whose weights or parameters are sliced with it, by ONNX node name
 */
public record ChannelGroup(int id, String name, int channels, boolean prunable, String reason, List<String> values,
        List<String> layers) {

    public ChannelGroup {
        values = List.copyOf(values);
        layers = List.copyOf(layers);
    }

    @Override
    public String toString() {
        return "group " + id + " '" + name + "' (" + channels + " channels" + (prunable ? "" : ", kept: " + reason)
                + ") over " + values;
    }
}
