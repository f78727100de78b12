package io.shardbridge.sharding.shardingsphere;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The repository behaves as ShardingSphere's H2 one: parents created, children by last segment in reverse order, subtree deletes. */
class InMemoryRepositoryTest {
    @Test
    void keepsTheTreeShardingSphereExpects() {
        InMemoryRepository repo = new InMemoryRepository();
        repo.persist("/metadata/db/schemas/public/tables/orders/versions/0", "yaml-0");
        repo.persist("/metadata/db/schemas/public/tables/card", "yaml-card");

        assertThat(repo.isExisted("/metadata/db/schemas/public/tables")).isTrue();
        assertThat(repo.query("/metadata/db/schemas/public/tables")).isEmpty();
        assertThat(repo.query("/nothing/here")).isEmpty();
        assertThat(repo.getChildrenKeys("/metadata/db/schemas/public/tables")).containsExactly("orders", "card");
        assertThat(repo.getChildrenKeys("/")).containsExactly("metadata");

        repo.update("/metadata/db/schemas/public/tables/card", "yaml-card-2");
        repo.update("/metadata/absent", "x");
        assertThat(repo.query("/metadata/db/schemas/public/tables/card")).isEqualTo("yaml-card-2");
        assertThat(repo.isExisted("/metadata/absent")).isFalse();

        repo.persist("/metadata/db/schemas/public/tables/cards", "other");
        repo.delete("/metadata/db/schemas/public/tables/card");
        assertThat(repo.isExisted("/metadata/db/schemas/public/tables/card")).isFalse();
        assertThat(repo.isExisted("/metadata/db/schemas/public/tables/cards")).as("a sibling sharing the prefix stays").isTrue();
        repo.delete("/metadata/db/schemas/public/tables/orders");
        assertThat(repo.isExisted("/metadata/db/schemas/public/tables/orders/versions/0")).isFalse();
    }
}
