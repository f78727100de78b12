package io.shardbridge.bridge.sql;

import io.shardbridge.config.Dialect;
import io.shardbridge.sql.SqlNode;
import io.shardbridge.sql.SqlParser;
import org.junit.jupiter.api.Test;

class ScratchParseTest {
    static void dump(SqlNode t, String indent, StringBuilder out) {
        if (t.isToken()) { out.append(indent).append("'").append(t.token()).append("' ").append(t.start()).append('\n'); return; }
        out.append(indent).append(t.rule()).append(" ").append(t.start()).append("-").append(t.stop()).append('\n');
        for (SqlNode c : t.children()) dump(c, indent + " ", out);
    }
    @Test
    void dump() {
        SqlParser p = new SqlParser(Dialect.POSTGRESQL);
        for (String s : new String[] {"INSERT INTO a (id) VALUES (1) ON CONFLICT (email) DO UPDATE SET note = 'd';", "SELECT public.cx_bump(5) AS r", "CALL cx_proc(6)",
            "PREPARE x (bigint) AS UPDATE cx_acct SET bal = 0 WHERE id = $1", "UPDATE public.cx_acct SET x = 1 FROM o", "COPY cx_acct (id) FROM STDIN"}) {
            StringBuilder out = new StringBuilder();
            dump(p.parseWithTree(s).tree(), "", out);
            System.out.println(s + "\n" + out);
        }
    }
}
