namespace SyncFiles.Tests.Conformance;

/// <summary>
/// A PostgreSQL DVD-rental schema shaped like the well-known public sample: an enum
/// (mpaa_rating), a domain over integer with a CHECK (year), a text[] column, a tsvector
/// full-text column, numeric(4,2)/(5,2) prices, last_update timestamptz kept by a trigger, a
/// generated column, foreign keys, and a payment table partitioned by date. Its PostgreSQL head
/// office has the same enum, domain, array and tsvector, a generated column of its own, an
/// identity column of its own (GENERATED ALWAYS, never written) and a payment table partitioned
/// by site; its SQLite head office keeps those as TEXT, as SQLite's
/// documentation suggests.
/// </summary>
public static class DvdRentalCorpus
{
    public const string Source = """
        CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
        CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
        CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.last_update := now();
            RETURN NEW;
        END $$;

        CREATE TABLE language (
            language_id serial PRIMARY KEY,
            name character(20) NOT NULL,
            last_update timestamptz NOT NULL DEFAULT now());
        CREATE TABLE actor (
            actor_id serial PRIMARY KEY,
            first_name varchar(45) NOT NULL,
            last_name varchar(45) NOT NULL,
            full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
            last_update timestamptz NOT NULL DEFAULT now());
        CREATE INDEX idx_actor_last_update ON actor (last_update);
        CREATE TABLE film (
            film_id serial PRIMARY KEY,
            title varchar(255) NOT NULL,
            description text,
            release_year year,
            language_id smallint NOT NULL REFERENCES language (language_id),
            rental_duration smallint NOT NULL DEFAULT 3,
            rental_rate numeric(4,2) NOT NULL DEFAULT 4.99,
            length smallint,
            replacement_cost numeric(5,2) NOT NULL DEFAULT 19.99,
            rating mpaa_rating DEFAULT 'G',
            last_update timestamptz NOT NULL DEFAULT now(),
            special_features text[],
            fulltext tsvector NOT NULL);
        CREATE INDEX film_fulltext_idx ON film USING gist (fulltext);
        CREATE TABLE film_actor (
            actor_id smallint NOT NULL REFERENCES actor (actor_id),
            film_id smallint NOT NULL REFERENCES film (film_id),
            last_update timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (actor_id, film_id));
        CREATE TABLE customer (
            customer_id serial PRIMARY KEY,
            first_name varchar(45) NOT NULL,
            last_name varchar(45) NOT NULL,
            email varchar(50),
            activebool boolean NOT NULL DEFAULT true,
            create_date date NOT NULL DEFAULT CURRENT_DATE,
            last_update timestamptz DEFAULT now(),
            active integer);
        CREATE TABLE payment (
            payment_id serial NOT NULL,
            customer_id integer NOT NULL REFERENCES customer (customer_id),
            amount numeric(5,2) NOT NULL,
            payment_date timestamptz NOT NULL,
            PRIMARY KEY (payment_date, payment_id)) PARTITION BY RANGE (payment_date);
        CREATE TABLE payment_p2026_01 PARTITION OF payment FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00');
        CREATE TABLE payment_p2026_02 PARTITION OF payment FOR VALUES FROM ('2026-02-01 00:00:00+00') TO ('2026-03-01 00:00:00+00');

        CREATE TRIGGER last_updated BEFORE UPDATE ON actor FOR EACH ROW EXECUTE FUNCTION last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION last_updated();
        CREATE TRIGGER last_updated BEFORE UPDATE ON customer FOR EACH ROW EXECUTE FUNCTION last_updated();

        INSERT INTO language (name, last_update) VALUES ('English', '2026-01-10 09:00:00+00'), ('Português', '2026-01-10 09:00:00+00');
        INSERT INTO actor (first_name, last_name, last_update) VALUES
            ('Penelope', 'Guiness', '2026-01-10 09:00:00+00'),
            ('Nick', 'Wahlberg', '2026-01-10 09:00:00.123456+00'),
            ('Ed', 'O''Chase', '2026-01-11 22:30:00+02');
        INSERT INTO film (title, description, release_year, language_id, rental_duration, rental_rate, length, replacement_cost, rating, last_update, special_features, fulltext) VALUES
            ('Academy Dinosaur', 'A Epic Drama of a Feminist, And a "Mad Scientist"', 2006, 1, 6, 0.99, 86, 20.99, 'PG',
             '2026-01-12 10:00:00+00', '{"Deleted Scenes","Behind the Scenes"}', to_tsvector('english', 'Academy Dinosaur Epic Drama Feminist')),
            ('Ace Goldfinger', E'A Astounding Epistle\nof a Database Administrator', 2155, 1, 3, 4.99, 48, 12.99, 'NC-17',
             '2026-01-12 10:00:00+00', '{Trailers}', to_tsvector('english', 'Ace Goldfinger Astounding Epistle')),
            ('Adaptation Holes', NULL, NULL, 2, 7, 2.99, NULL, 18.99, NULL,
             '2026-01-12 10:00:00+00', '{}', ''::tsvector),
            ('Affair Prejudice', '', 1901, 2, 5, 0.00, 117, 0.00, 'G',
             '2026-01-12 10:00:00+00', NULL, 'a:1A ''it''''s'':2B,3 fat:4'::tsvector);
        UPDATE film SET rental_rate = 2.99 WHERE title = 'Affair Prejudice';
        INSERT INTO film_actor VALUES (1, 1, '2026-01-12 10:00:00+00'), (1, 2, '2026-01-12 10:00:00+00'), (2, 2, '2026-01-12 10:00:00+00'), (3, 4, '2026-01-12 10:00:00+00');
        INSERT INTO customer (first_name, last_name, email, activebool, create_date, last_update, active) VALUES
            ('Mary', 'Smith', 'mary.smith@example.org', true, '2026-01-01', '2026-01-13 08:00:00+00', 1),
            ('Patricia', 'Johnson', NULL, false, '2025-12-31', NULL, NULL),
            ('Linda', 'Williams', 'linda, "lin" williams@example.org', true, '2026-01-02', '2026-01-13 08:00:00+00', 0);
        INSERT INTO payment (customer_id, amount, payment_date) VALUES
            (1, 2.99, '2026-01-24 21:40:19.996577+00'),
            (1, 0.99, '2026-01-25 15:16:50+00'),
            (2, 999.99, '2026-02-01 00:00:00+00'),
            (3, 0.00, '2026-02-28 23:59:59.999999+00');
        """;

    /// <summary>The next day at the store: a price change (the trigger moves last_update), a new actor, a new payment.</summary>
    public const string Changes = """
        UPDATE film SET rental_rate = 3.99, special_features = '{Commentaries,NULL}' WHERE film_id = 1;
        INSERT INTO actor (first_name, last_name) VALUES ('Jennifer', 'Davis');
        INSERT INTO payment (customer_id, amount, payment_date) VALUES (1, 5.99, '2026-02-14 10:00:00+00');
        UPDATE customer SET email = NULL WHERE customer_id = 1;
        """;

    public const string PostgresHeadOffice = """
        CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
        CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);
        CREATE TABLE language (site varchar(10) NOT NULL, language_id integer NOT NULL, name character(20) NOT NULL, last_update timestamptz NOT NULL, PRIMARY KEY (site, language_id));
        CREATE TABLE actor (
            site varchar(10) NOT NULL, actor_id integer NOT NULL, first_name varchar(45) NOT NULL, last_name varchar(45) NOT NULL,
            full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
            last_update timestamptz NOT NULL, PRIMARY KEY (site, actor_id));
        CREATE TABLE film (
            site varchar(10) NOT NULL, film_id integer NOT NULL, title varchar(255) NOT NULL, description text, release_year year,
            language_id smallint NOT NULL, rental_duration smallint NOT NULL, rental_rate numeric(4,2) NOT NULL, length smallint,
            replacement_cost numeric(5,2) NOT NULL, rating mpaa_rating, last_update timestamptz NOT NULL, special_features text[],
            fulltext tsvector NOT NULL, PRIMARY KEY (site, film_id));
        CREATE TABLE film_actor (
            row_id bigint GENERATED ALWAYS AS IDENTITY, site varchar(10) NOT NULL, actor_id smallint NOT NULL, film_id smallint NOT NULL,
            last_update timestamptz NOT NULL, PRIMARY KEY (site, actor_id, film_id));
        CREATE TABLE customer (
            site varchar(10) NOT NULL, customer_id integer NOT NULL, first_name varchar(45) NOT NULL, last_name varchar(45) NOT NULL,
            email varchar(50), activebool boolean NOT NULL, create_date date NOT NULL, last_update timestamptz, active integer,
            PRIMARY KEY (site, customer_id));
        CREATE TABLE payment (
            site varchar(10) NOT NULL, payment_id integer NOT NULL, customer_id integer NOT NULL, amount numeric(5,2) NOT NULL,
            payment_date timestamptz NOT NULL, PRIMARY KEY (site, payment_date, payment_id)) PARTITION BY LIST (site);
        CREATE TABLE payment_ag01 PARTITION OF payment FOR VALUES IN ('AG01');
        CREATE TABLE payment_other PARTITION OF payment DEFAULT;
        """;

    public const string SqliteHeadOffice = """
        CREATE TABLE language (site TEXT NOT NULL, language_id INTEGER NOT NULL, name CHAR(20) NOT NULL, last_update TEXT NOT NULL, PRIMARY KEY (site, language_id));
        CREATE TABLE actor (
            site TEXT NOT NULL, actor_id INTEGER NOT NULL, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL,
            full_name TEXT, last_update TEXT NOT NULL, PRIMARY KEY (site, actor_id));
        CREATE TABLE film (
            site TEXT NOT NULL, film_id INTEGER NOT NULL, title VARCHAR(255) NOT NULL, description TEXT, release_year INTEGER,
            language_id SMALLINT NOT NULL, rental_duration SMALLINT NOT NULL, rental_rate NUMERIC(4,2) NOT NULL, length SMALLINT,
            replacement_cost NUMERIC(5,2) NOT NULL, rating TEXT, last_update TEXT NOT NULL, special_features TEXT,
            fulltext TEXT NOT NULL, PRIMARY KEY (site, film_id));
        CREATE TABLE film_actor (site TEXT NOT NULL, actor_id SMALLINT NOT NULL, film_id SMALLINT NOT NULL, last_update TEXT NOT NULL, PRIMARY KEY (site, actor_id, film_id));
        CREATE TABLE customer (
            site TEXT NOT NULL, customer_id INTEGER NOT NULL, first_name VARCHAR(45) NOT NULL, last_name VARCHAR(45) NOT NULL,
            email VARCHAR(50), activebool BOOLEAN NOT NULL, create_date DATE NOT NULL, last_update TEXT, active INTEGER,
            PRIMARY KEY (site, customer_id));
        CREATE TABLE payment (
            site TEXT NOT NULL, payment_id INTEGER NOT NULL, customer_id INTEGER NOT NULL, amount NUMERIC(5,2) NOT NULL,
            payment_date TEXT NOT NULL, PRIMARY KEY (site, payment_date, payment_id));
        """;

    public static CorpusSchema Schema { get; } = new()
    {
        Name = "dvd-rental",
        SourceEngine = Engine.Postgres,
        Source = Source,
        Changes = Changes,
        HeadOffice = new Dictionary<Engine, string> { [Engine.Postgres] = PostgresHeadOffice, [Engine.Sqlite] = SqliteHeadOffice },
        Tables =
        [
            CorpusTable.Reference("language", "language_id", new("language_id"), new("name"), new("last_update", Spelling.DateTimeOffset)),
            CorpusTable.Transaction(
                "actor", "actor_id", "last_update", null,
                new("actor_id"), new("first_name"), new("last_name"), new("full_name"), new("last_update", Spelling.DateTimeOffset)),
            CorpusTable.Transaction(
                "film", "film_id", "last_update", null,
                new("film_id"), new("title"), new("description"), new("release_year"), new("language_id"), new("rental_duration"),
                new("rental_rate", Spelling.Decimal), new("length"), new("replacement_cost", Spelling.Decimal), new("rating"),
                new("last_update", Spelling.DateTimeOffset), new("special_features"), new("fulltext")),
            CorpusTable.Reference("film_actor", "actor_id, film_id", new("actor_id"), new("film_id"), new("last_update", Spelling.DateTimeOffset)),
            CorpusTable.Reference(
                "customer", "customer_id",
                new("customer_id"), new("first_name"), new("last_name"), new("email"), new("activebool", Spelling.Boolean), new("create_date"),
                new("last_update", Spelling.DateTimeOffset), new("active")),
            CorpusTable.Transaction(
                "payment", "payment_id", "payment_id", "sequence",
                new("payment_id"), new("customer_id"), new("amount", Spelling.Decimal), new("payment_date", Spelling.DateTimeOffset)),
        ],
    };
}
