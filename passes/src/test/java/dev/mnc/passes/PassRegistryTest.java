package dev.mnc.passes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnc.ir.Graph;
import dev.mnc.ir.MncException;
import dev.mnc.ir.text.IrParser;
import dev.mnc.passes.plugin.DropFinalSoftmax;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PassRegistryTest {
    @TempDir
    Path tmp;

    @Test
    void builtinsAreAllRegisteredWithTheirOrigin() {
        PassRegistry r = PassRegistry.builtins();
        assertThat(r.entries()).extracting(PassRegistry.Entry::name).containsExactly("remove-identity",
                "fold-constants", "recognize-hard-sigmoid", "recognize-hard-swish", "fold-batchnorm",
                "matmul-to-fully-connected", "fold-pad", "layout-nhwc", "fuse-activation", "dead-code");
        assertThat(r.entries()).allMatch(e -> e.origin().equals(PassRegistry.BUILTIN));
        String d = r.describe();
        assertThat(d).contains("fold-batchnorm").contains("folds batch_norm and per-channel mul/add")
                .contains("origin: builtin").contains("layout.io=nhwc|nchw (default nhwc)");
    }

    @Test
    void serviceLoaderFindsThePluginOnTheClassPathWithItsFolderAsOrigin() {
        PassRegistry r = PassRegistry.load(getClass().getClassLoader());
        PassRegistry.Entry e = r.entries().stream().filter(x -> x.name().equals("drop-final-softmax")).findFirst()
                .orElseThrow();
        assertThat(e.pass()).isInstanceOf(DropFinalSoftmax.class);
        assertThat(e.origin()).endsWith("test-classes");
        assertThat(r.describe()).contains("drop-final-softmax").contains("origin: " + e.origin())
                .contains("requires: dead-code").contains("softmax.keep=true|false (default false)");
    }

    @Test
    void passesSpecRunsAPluginAndItsOptionFromText() {
        PassRegistry r = PassRegistry.load(getClass().getClassLoader());
        Graph g = IrParser.parse("""
                graph @g(%x: f32[1,4]) {
                  %l = fully_connected(%x, @w)
                  %p = softmax(%l) {axis=1}
                  return %p
                }
                const @w: f32[3,4] = random(seed=1)
                """);
        Graph kept = g.copy();
        Pipeline p = r.parse(" remove-identity , drop-final-softmax");
        PassResult res = p.run(g, r.contextBuilder().build());
        assertThat(g.outputs().get(0).producer().op().name()).isEqualTo("fully_connected");
        assertThat(g.outputs().get(0).name()).isEqualTo("p");
        assertThat(res.children()).extracting(PassResult::pass)
                .containsExactly("remove-identity", "dead-code", "drop-final-softmax");
        p.run(kept, r.contextBuilder().set("softmax.keep=true").build());
        assertThat(kept.outputs().get(0).producer().op().name()).isEqualTo("softmax");
    }

    @Test
    void unknownNamesAndOptionsListTheKnownOnes() {
        PassRegistry r = PassRegistry.builtins();
        assertThatThrownBy(() -> r.parse("fold-batchnorm,fold-bn")).isInstanceOf(MncException.class)
                .hasMessageStartingWith("unknown pass 'fold-bn' (known: dead-code, fold-batchnorm,");
        assertThatThrownBy(() -> r.parse("dead-code,,fold-pad")).hasMessageContaining("has an empty name");
        assertThatThrownBy(() -> r.contextBuilder().disable("fold-bn"))
                .hasMessageStartingWith("cannot disable unknown pass 'fold-bn' (known: dead-code,");
        assertThatThrownBy(() -> r.contextBuilder().set("layout.iox", "nhwc"))
                .hasMessage("unknown pass option 'layout.iox' (known: layout.io)");
        assertThatThrownBy(() -> r.contextBuilder().set("layout.io", "hwcn"))
                .hasMessage("pass option layout.io cannot be 'hwcn' (allowed: nhwc|nchw)");
        assertThatThrownBy(() -> r.contextBuilder().set("layout.io")).hasMessageContaining("must be written name=value");
    }

    @Test
    void aPluginNamedLikeABuiltinIsAnErrorNamingBothOrigins() throws Exception {
        Path jar = pluginJar("clash", "ClashPass", "dead-code");
        try (URLClassLoader loader = loader(jar)) {
            assertThatThrownBy(() -> PassRegistry.load(loader)).isInstanceOf(MncException.class)
                    .hasMessageContaining("two passes are named 'dead-code': dev.mnc.passes.DeadCode from builtin and "
                            + "com.example.clash.ClashPass from " + jar)
                    .hasMessageEndingWith("rename one of them");
        }
    }

    @Test
    void twoPluginJarsWithOneNameAreAnErrorNamingBothJars() throws Exception {
        Path a = pluginJar("a", "MyPass", "my-pass");
        Path b = pluginJar("b", "MyPass", "my-pass");
        try (URLClassLoader loader = loader(a, b)) {
            assertThatThrownBy(() -> PassRegistry.load(loader))
                    .hasMessageContaining("com.example.a.MyPass from " + a)
                    .hasMessageContaining("com.example.b.MyPass from " + b);
        }
        try (URLClassLoader loader = loader(a)) {
            PassRegistry r = PassRegistry.load(loader);
            assertThat(r.entries()).filteredOn(e -> e.name().equals("my-pass")).singleElement()
                    .satisfies(e -> assertThat(e.origin()).isEqualTo(a.toString()));
        }
    }

    @Test
    void aServicesEntryWithoutItsClassIsAClearError() throws Exception {
        Path jar = tmp.resolve("broken.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/services/dev.mnc.passes.Pass"));
            out.write("com.example.Missing\n".getBytes(StandardCharsets.UTF_8));
        }
        try (URLClassLoader loader = loader(jar)) {
            assertThatThrownBy(() -> PassRegistry.load(loader)).isInstanceOf(MncException.class)
                    .hasMessageContaining("cannot load a pass plugin").hasMessageContaining("com.example.Missing");
        }
    }

    @Test
    void twoOptionsWithOneNameAreAnError() {
        Pass other = new Pass() {
            @Override
            public PassInfo info() {
                return PassInfo.of("other-layout", "declares a second layout.io");
            }

            @Override
            public PassResult run(Graph graph, PassContext context) {
                return PassResult.unchanged("other-layout");
            }

            @Override
            public List<PassOption<?>> options() {
                return List.of(PassOption.ofBoolean("layout.io", "clashes", true));
            }
        };
        assertThatThrownBy(() -> PassRegistry.builder().addBuiltins().add(other, "test").build())
                .hasMessageContaining("pass option 'layout.io' is declared by pass 'layout-nhwc' (builtin)")
                .hasMessageContaining("and by pass 'other-layout' (test)");
    }

    private URLClassLoader loader(Path... jars) throws IOException {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            urls[i] = jars[i].toUri().toURL();
        }
        return new URLClassLoader(urls, getClass().getClassLoader());
    }

    /** Compiles a one-class pass plugin into its own jar, as a user would ship it. */
    private Path pluginJar(String pkg, String cls, String passName) throws IOException {
        Path src = tmp.resolve(pkg + "-src/com/example/" + pkg + "/" + cls + ".java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package com.example.%s;

                public final class %s implements dev.mnc.passes.Pass {
                    public dev.mnc.passes.PassInfo info() {
                        return dev.mnc.passes.PassInfo.of("%s", "a user pass");
                    }

                    public dev.mnc.passes.PassResult run(dev.mnc.ir.Graph g, dev.mnc.passes.PassContext c) {
                        return dev.mnc.passes.PassResult.unchanged("%s");
                    }
                }
                """.formatted(pkg, cls, passName, passName));
        Path classes = tmp.resolve(pkg + "-classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = Path.of(codeSource(Pass.class)) + java.io.File.pathSeparator + Path.of(codeSource(Graph.class));
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-classpath", cp, src.toString());
        assertThat(rc).as("javac").isZero();
        Path jar = tmp.resolve(pkg + "-plugin.jar");
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
            String entry = "com/example/" + pkg + "/" + cls + ".class";
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.putNextEntry(new JarEntry("META-INF/services/dev.mnc.passes.Pass"));
            out.write(("com.example." + pkg + "." + cls + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    private static java.net.URI codeSource(Class<?> c) {
        try {
            return c.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
