package io.shardbridge.examples.clinic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shardbridge.examples.walk.ServiceWalk;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clinic's callers: register owners, add pets to them, add visits to the pets, search owners by the
 * start of a last name, show an owner. Each client works on its own owners (the seeded ones whose id
 * modulo the client count is its number, and those it registered), as a front desk does: two
 * concurrent saves of one owner would unlink the pet the other one added (Hibernate's merge writes the
 * pets collection it was given), with or without shardbridge.
 * The ids of owners and pets it created are learned from the answers, so pets and visits are added to
 * rows whose ids legacy or, from {@code LIVE} on, shardbridge's allocator gave.
 */
final class ClinicTraffic implements ServiceWalk.Transport {
    static final String[] SEARCHES = {"Dav", "O_", "Esc", "Load", ""};
    private static final String[] TYPES = {"cat", "dog", "lizard", "snake", "bird", "hamster"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServiceWalk.Transport next;
    private final int clients;
    private final int seededOwners;
    private final int seededPets;
    private final AtomicInteger numbers = new AtomicInteger();
    private final ThreadLocal<Desk> desks = ThreadLocal.withInitial(() -> new Desk(numbers.getAndIncrement()));

    /** One client's owners and pets, known by id: {owner, pet} pairs. */
    private final class Desk {
        final List<Integer> owners = new ArrayList<>();
        final List<int[]> pets = new ArrayList<>();
        int created;

        Desk(int number) {
            for (int owner = 1; owner <= seededOwners; owner++) {
                if (owner % clients == number) {
                    owners.add(owner);
                }
            }
            for (int pet = 1; pet <= seededPets; pet++) {
                int owner = ClinicMigrationIT.seededOwnerOf(pet);
                if (owner % clients == number) {
                    pets.add(new int[] {owner, pet});
                }
            }
        }
    }

    ClinicTraffic(ServiceWalk.Transport next, int clients, int seededOwners, int seededPets) {
        this.next = next;
        this.clients = clients;
        this.seededOwners = seededOwners;
        this.seededPets = seededPets;
    }

    /** A client's next request. */
    HttpRequest nextRequest(Random random, ServiceWalk walk) {
        Desk desk = desks.get();
        int owner = desk.owners.get(random.nextInt(desk.owners.size()));
        return switch (random.nextInt(10)) {
            case 0, 1 -> walk.post("/owners", "{\"firstName\":\"Jean\",\"lastName\":\"Load" + random.nextInt(1000)
                    + "\",\"address\":\"1 Main St.\",\"city\":\"Madison\",\"telephone\":\"6085551023\"}");
            case 2, 3 -> walk.post("/owners/" + owner + "/pets", "{\"name\":\"Leo " + (desk.created++) + "\",\"birthDate\":\"2020-09-07\",\"type\":\""
                    + TYPES[random.nextInt(TYPES.length)] + "\"}");
            case 4, 5 -> {
                int[] pet = desk.pets.get(random.nextInt(desk.pets.size()));
                yield walk.post("/owners/" + pet[0] + "/pets/" + pet[1] + "/visits", "{\"date\":\"2026-11-30\",\"description\":\"rabies shot\"}");
            }
            case 6, 7 -> walk.get("/owners?lastName=" + SEARCHES[random.nextInt(SEARCHES.length)] + "&page=" + random.nextInt(2));
            default -> walk.get("/owners/" + owner);
        };
    }

    @Override
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = next.send(request);
        if (response.statusCode() == 201) {
            learn(request, JSON.readTree(response.body()));
        }
        return response;
    }

    /** The owner and pet ids in an answer to a registration or a new pet. */
    private void learn(HttpRequest request, JsonNode owner) {
        Desk desk = desks.get();
        int ownerId = owner.get("id").asInt();
        String path = request.uri().getPath();
        if (path.equals("/owners")) {
            desk.owners.add(ownerId);
        } else if (path.endsWith("/pets")) {
            for (JsonNode pet : owner.get("pets")) {
                int petId = pet.get("id").asInt();
                if (desk.pets.stream().noneMatch(p -> p[1] == petId)) {
                    desk.pets.add(new int[] {ownerId, petId});
                }
            }
        }
    }
}
