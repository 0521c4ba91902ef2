package com.example;

import dev.mnc.ir.Graph;
import dev.mnc.ir.Node;
import dev.mnc.ir.ops.Conv2d;
import dev.mnc.passes.Pass;
import dev.mnc.passes.PassContext;
import dev.mnc.passes.PassInfo;
import dev.mnc.passes.PassResult;

/** A pass from the project's own sources: reports how many convolutions the model has. */
public final class CountConvs implements Pass {
    @Override
    public PassInfo info() {
        return PassInfo.of("count-convs", "reports the number of convolutions");
    }

    @Override
    public PassResult run(Graph graph, PassContext context) {
        long n = graph.nodes().stream().map(Node::op).filter(op -> op instanceof Conv2d).count();
        context.diagnostics().warn("count-convs", "the model has " + n + " convolutions");
        return PassResult.builder("count-convs").changed().build();
    }
}
