package io.shardbridge.examples.document;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;
import org.apache.ibatis.annotations.Select;
import org.apache.ibatis.annotations.Update;

/** The service's SQL, as MyBatis mappers; unchanged by the migration. */
@Mapper
public interface DocumentMapper {
    @Insert("INSERT INTO document (doc_id, owner_id, title, body, metadata, version, updated_at) "
            + "VALUES (#{docId}, #{ownerId}, #{title}, #{body}, CAST(#{metadata} AS jsonb), 1, now())")
    void create(Document document);

    @Update("UPDATE document SET body = #{body}, version = version + 1, updated_at = now() WHERE doc_id = #{docId} AND owner_id = #{ownerId}")
    int edit(@Param("docId") long docId, @Param("ownerId") long ownerId, @Param("body") String body);

    @Select("SELECT doc_id, owner_id, title, body, metadata::text AS metadata, version FROM document WHERE doc_id = #{docId} AND owner_id = #{ownerId}")
    Document find(@Param("docId") long docId, @Param("ownerId") long ownerId);
}
