package io.shardbridge.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A report page fetches nothing, runs nothing, and closes every element it opens, in order. */
final class HtmlChecks {
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
    private static final Set<String> VOID = Set.of("meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr");

    private HtmlChecks() {
    }

    static void assertSelfContainedAndBalanced(String page) {
        String lower = page.toLowerCase(Locale.ROOT);
        assertThat(lower).startsWith("<!doctype html>").doesNotContain("<script", "src=", "href=", "http://", "https://", "url(", "@import");
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(page);
        while (m.find()) {
            String name = m.group(2).toLowerCase(Locale.ROOT);
            boolean closing = !m.group(1).isEmpty();
            boolean selfClosing = m.group(3).endsWith("/");
            if (closing) {
                assertThat(open).as("closing </" + name + "> at " + m.start() + " with nothing open").isNotEmpty();
                assertThat(open.peek()).as("</" + name + "> at " + m.start() + " closes <" + open.peek() + ">").isEqualTo(name);
                open.pop();
            } else if (!selfClosing && !VOID.contains(name)) {
                open.push(name);
            }
        }
        assertThat(open).as("elements never closed").isEmpty();
    }
}
