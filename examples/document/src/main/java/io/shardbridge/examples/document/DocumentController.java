package io.shardbridge.examples.document;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The service's HTTP API. */
@RestController
public class DocumentController {
    private final DocumentMapper documents;

    public DocumentController(DocumentMapper documents) {
        this.documents = documents;
    }

    @PostMapping("/documents")
    public Document create(@RequestBody Document document) {
        documents.create(document);
        return document;
    }

    @PutMapping("/documents/{docId}")
    public ResponseEntity<Void> edit(@PathVariable long docId, @RequestParam long ownerId, @RequestBody String body) {
        return documents.edit(docId, ownerId, body) == 1 ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
    }

    @GetMapping("/documents/{docId}")
    public ResponseEntity<Document> find(@PathVariable long docId, @RequestParam long ownerId) {
        Document found = documents.find(docId, ownerId);
        return found == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(found);
    }
}
