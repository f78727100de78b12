package io.shardbridge.examples.clinic;

import java.time.LocalDate;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.web.PagedModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The clinic's HTTP API, written as PetClinic's controllers are: load the owner, change the object graph,
 * save the owner (Hibernate cascades the new pet or visit).
 */
@RestController
@RequestMapping("/owners")
public class OwnerController {
    private static final int PAGE_SIZE = 5;

    private final OwnerRepository owners;
    private final PetTypeRepository types;

    public OwnerController(OwnerRepository owners, PetTypeRepository types) {
        this.owners = owners;
        this.types = types;
    }

    /** A new pet: its name, birth date and the name of its type ({@code cat}, {@code dog}, …). */
    public record NewPet(String name, LocalDate birthDate, String type) {
    }

    @PostMapping
    public ResponseEntity<Owner> create(@RequestBody Owner owner) {
        return ResponseEntity.status(HttpStatus.CREATED).body(owners.save(owner));
    }

    /** Owners whose last name starts with {@code lastName}, five a page. */
    @GetMapping
    public PagedModel<Owner> search(@RequestParam(defaultValue = "") String lastName, @RequestParam(defaultValue = "0") int page) {
        return new PagedModel<>(owners.findByLastNameStartingWith(lastName, PageRequest.of(page, PAGE_SIZE)));
    }

    @GetMapping("/{ownerId}")
    public Owner show(@PathVariable int ownerId) {
        return owner(ownerId);
    }

    @PostMapping("/{ownerId}/pets")
    public ResponseEntity<Owner> addPet(@PathVariable int ownerId, @RequestBody NewPet form) {
        Owner owner = owner(ownerId);
        Pet pet = new Pet();
        pet.setName(form.name());
        pet.setBirthDate(form.birthDate());
        pet.setType(types.findByName(form.type())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "no pet type " + form.type())));
        owner.addPet(pet);
        return ResponseEntity.status(HttpStatus.CREATED).body(owners.save(owner));
    }

    @PostMapping("/{ownerId}/pets/{petId}/visits")
    public ResponseEntity<Owner> addVisit(@PathVariable int ownerId, @PathVariable int petId, @RequestBody Visit visit) {
        Owner owner = owner(ownerId);
        Pet pet = owner.getPet(petId);
        if (pet == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "owner " + ownerId + " has no pet " + petId);
        }
        pet.addVisit(visit);
        return ResponseEntity.status(HttpStatus.CREATED).body(owners.save(owner));
    }

    private Owner owner(int ownerId) {
        return owners.findById(ownerId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no owner " + ownerId));
    }
}
