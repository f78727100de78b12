package io.shardbridge.sql;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.shardbridge.config.Dialect;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one parse cache: SQL text → {@link ParsedStatement}, per dialect. A service sends a few hundred
 * distinct statement texts, each millions of times, and several readers want each of them (the migration
 * layer's classifier, the fast-path planner, the subquery guard, the key filler); they all read the entry
 * this cache holds, so a text is parsed once per dialect however many readers ask. Readers that derive
 * something depending on their own configuration (a shard plan, a routing plan) keep that derived answer
 * themselves, and build it from here on a miss.
 *
 * <p>The answer is a function of the dialect and the text alone, so one instance per JVM
 * ({@link #shared()}) is as correct as one per data source, and lets two data sources in one service share
 * their entries. Bounded by entry count (least recently/frequently used evicted, as Caffeine does); a
 * reader handed an instance of its own (tests) sees only its own entries.
 */
public final class ParsedStatements {
    /** Distinct texts kept, all dialects together: a few hundred per service, with room for texts built per call. */
    public static final long DEFAULT_MAXIMUM_SIZE = 20_000;

    private static final ParsedStatements SHARED = new ParsedStatements(DEFAULT_MAXIMUM_SIZE);

    private final Cache<Key, ParsedStatement> cache;
    private final Map<Dialect, SqlParser> parsers = new ConcurrentHashMap<>();

    private record Key(Dialect dialect, String sql) {
    }

    public ParsedStatements(long maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("maximumSize must not be negative: " + maximumSize);
        }
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
    }

    /** The JVM's instance, which every reader uses unless handed another. */
    public static ParsedStatements shared() {
        return SHARED;
    }

    /** The statement {@code sql} parsed with {@code dialect}'s grammar; never throws for bad SQL (see {@link ParsedStatement#error()}). */
    public ParsedStatement get(Dialect dialect, String sql) {
        return cache.get(new Key(dialect, sql), key -> parsers.computeIfAbsent(key.dialect(), SqlParser::new).parse(key.sql()));
    }

    /** How many entries the cache holds now (an estimate, as Caffeine gives it). */
    public long size() {
        return cache.estimatedSize();
    }

    /**
     * Parses a few statements on a background thread, once per dialect and JVM, without caching them. The first
     * parse in a JVM loads the ANTLR grammar and fills its prediction caches (about 0.4 s); those are static and
     * shared, so the service's first statement — through the fast path or ShardingSphere — does not pay it.
     */
    public static void warmUp(Dialect dialect) {
        ParserWarmUp.start(dialect);
    }
}
