-- Run by spring.sql.init on every start: the reference rows, each inserted once.
INSERT INTO types (id, name) VALUES (1, 'cat'), (2, 'dog'), (3, 'lizard'), (4, 'snake'), (5, 'bird'), (6, 'hamster') ON CONFLICT DO NOTHING;
