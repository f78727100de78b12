package io.shardbridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the YAML contract of DESIGN §3 from a file, the classpath or a string.
 *
 * <p>{@code ${NAME}} and {@code ${NAME:default}} in values are replaced from the environment (then system
 * properties), so one file serves every environment and no password needs to live in it.
 */
public final class ShardbridgeConfigLoader {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(?::([^}]*))?}");

    private ShardbridgeConfigLoader() {
    }

    public static ShardbridgeConfig load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException("", "cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    public static ShardbridgeConfig loadClasspath(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = (loader != null ? loader : ShardbridgeConfigLoader.class.getClassLoader()).getResourceAsStream(name)) {
            if (in == null) {
                throw new ConfigException("", "no classpath resource '" + name + "'; put the file in src/main/resources or use file:/path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + name);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read classpath resource " + name + ": " + e.getMessage(), e);
        }
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static ShardbridgeConfig parse(String yamlText, String source) {
        Object tree = tree(yamlText, source);
        if (tree == null) {
            throw new ConfigException("", source + " is empty; it needs at least a target: section (see README, quick start)");
        }
        return ConfigReader.read(YamlNode.of("", tree), source);
    }

    /** Reads a plan-bench file of candidate shard plans (see {@link CandidatePlans}). */
    public static CandidatePlans loadPlans(Path file) {
        try {
            Object tree = tree(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            if (tree == null) {
                throw new ConfigException("", file + " is empty; it needs table: and plans: (see cli/README.md, plan-bench)");
            }
            return ConfigReader.candidatePlans(YamlNode.of("", tree));
        } catch (IOException e) {
            throw new ConfigException("", "cannot read plans file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Object tree(String yamlText, String source) {
        Object tree;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            tree = new Yaml(new SafeConstructor(options)).load(interpolate(yamlText, source));
        } catch (MarkedYAMLException e) {
            throw new ConfigException("", source + " is not valid YAML at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException("", source + " is not valid YAML: " + e.getMessage(), e);
        }
        return tree;
    }

    /**
     * Reads an already parsed tree (maps, lists, scalars — e.g. Spring properties). Error paths begin
     * with {@code rootPath} ({@code shardbridge.target.…}); {@code source} names the tree in messages.
     */
    public static ShardbridgeConfig fromTree(java.util.Map<String, Object> tree, String rootPath, String source) {
        if (tree == null || tree.isEmpty()) {
            throw new ConfigException(rootPath, "is empty in " + source + "; it needs at least a target section (see README, quick start)");
        }
        return ConfigReader.read(YamlNode.of(rootPath, tree), source);
    }

    static String interpolate(String text, String source) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = System.getenv(name);
            if (value == null) {
                value = System.getProperty(name);
            }
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfigException("", source + " refers to ${" + name + "} but no environment variable or system property "
                        + name + " is set; set it or write ${" + name + ":default}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

}
