package io.shardbridge.bridge.catchup;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The replication slot's and publication's names for one unit. Slots are cluster-wide, so the name
 * carries the legacy database and the unit, plus a short hash of the control store's URL: two deployments
 * (or two test suites) that move the same unit off the same legacy database with different control
 * stores never share a slot. PostgreSQL allows lower-case letters, digits and underscores, 63 bytes.
 */
record SlotNames(String slot, String publication) {
    private static final int MAX = 63;

    static SlotNames of(String legacyDatabase, String controlUrl, String unit) {
        CRC32 crc = new CRC32();
        crc.update(controlUrl.getBytes(StandardCharsets.UTF_8));
        String hash = String.format(Locale.ROOT, "%08x", crc.getValue()).substring(0, 6);
        String db = clean(legacyDatabase);
        String u = clean(unit);
        String fixed = "sb__" + "_" + hash;
        int room = MAX - fixed.length();
        if (db.length() + u.length() > room) {
            int forUnit = Math.min(u.length(), Math.max(room / 2, room - db.length()));
            u = u.substring(0, forUnit);
            db = db.substring(0, Math.min(db.length(), room - forUnit));
        }
        String name = "sb_" + db + "_" + u + "_" + hash;
        return new SlotNames(name, name);
    }

    /** The database name in a PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port/db?…}). */
    static String database(String jdbcUrl) {
        String path = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        int slash = path.indexOf('/');
        String db = slash < 0 ? "" : path.substring(slash + 1);
        int query = db.indexOf('?');
        return query < 0 ? db : db.substring(0, query);
    }

    private static String clean(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }
}
