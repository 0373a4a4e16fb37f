-- SyncFiles sample: the shop (site) database, SQLite.
-- Table and column names are French: they come from the old till system.
--
-- Storage conventions (the exporter and the data generator rely on them):
--   DATETIME  TEXT 'YYYY-MM-DD HH:MM:SS.fff', always with milliseconds, what
--             strftime('%Y-%m-%d %H:%M:%f') gives. One format only, so that text
--             comparison orders correctly (incremental export filters on modifie_le).
--   DATE      TEXT 'YYYY-MM-DD'.
--   BOOLEAN   INTEGER 0 or 1.
--   UUID      lowercase TEXT 'xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx'.
--   DECIMAL   written as TEXT with the exact scale ('12.50'). The declared DECIMAL(p,s)
--             types are kept on purpose: the exporter reads them to learn precision and
--             scale. SQLite gives these columns NUMERIC affinity and stores '12.50' as
--             REAL 12.5 (or '2.000' as INTEGER 2); that is accepted, the exporter pads
--             the value back to the declared scale.
--   REAL      poids_kg is a true floating-point value.
-- No foreign keys are declared (the old system had none); the "-> table" comments
-- give the relations.

-- ---------------------------------------------------------------- reference tables

-- The site itself: one row, id is the agency code ('AG01').
CREATE TABLE agences (
    id       TEXT PRIMARY KEY,
    nom      TEXT NOT NULL,
    ville    TEXT,
    cree_le  DATETIME NOT NULL
);

-- Product families, two levels (a family may have a parent family).
CREATE TABLE familles (
    id         INTEGER PRIMARY KEY,
    libelle    TEXT NOT NULL,
    parent_id  INTEGER NULL            -- -> familles.id
);

-- Products sold by the shop; prix_vente is the price including VAT.
CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    code        VARCHAR(20) NOT NULL UNIQUE,
    libelle     VARCHAR(120) NOT NULL,
    famille_id  INTEGER,               -- -> familles.id
    prix_vente  DECIMAL(12,2) NOT NULL,
    prix_achat  DECIMAL(12,4),
    taux_tva    DECIMAL(5,2) NOT NULL,
    actif       BOOLEAN NOT NULL,
    code_barre  VARCHAR(32) NULL,
    poids_kg    REAL NULL,
    modifie_le  DATETIME NOT NULL
);

-- Customers with a loyalty account.
CREATE TABLE clients (
    id              INTEGER PRIMARY KEY,
    nom             VARCHAR(80) NOT NULL,
    prenom          VARCHAR(80) NULL,
    email           VARCHAR(120) NULL,
    telephone       VARCHAR(20) NULL,
    date_naissance  DATE NULL,
    solde           DECIMAL(12,2) NOT NULL,
    cree_le         DATETIME NOT NULL
);

-- Suppliers (stock receptions refer to them).
CREATE TABLE fournisseurs (
    id              INTEGER PRIMARY KEY,
    raison_sociale  VARCHAR(120) NOT NULL,
    siret           VARCHAR(14),
    email           VARCHAR(120),
    telephone       VARCHAR(20)
);

-- Kinds of sale (cash, card, cheque, web order).
CREATE TABLE types_vente (
    id       INTEGER PRIMARY KEY,
    code     VARCHAR(10) NOT NULL,
    libelle  VARCHAR(60) NOT NULL
);

-- Tills of the shop.
CREATE TABLE caisses (
    id            INTEGER PRIMARY KEY,
    libelle       VARCHAR(60) NOT NULL,
    numero_serie  VARCHAR(40)
);

-- ---------------------------------------------------------------- transaction tables
-- Each has an index on modifie_le: incremental export filters on it.

-- Invoices (till receipts); client_id is NULL for an anonymous sale.
CREATE TABLE factures (
    id             INTEGER PRIMARY KEY,
    numero         VARCHAR(20) NOT NULL,
    client_id      INTEGER NULL,       -- -> clients.id
    caisse_id      INTEGER NOT NULL,   -- -> caisses.id
    type_vente_id  INTEGER NOT NULL,   -- -> types_vente.id
    date_facture   DATETIME NOT NULL,
    total_ht       DECIMAL(14,2) NOT NULL,
    total_tva      DECIMAL(14,2) NOT NULL,
    total_ttc      DECIMAL(14,2) NOT NULL,
    remarque       TEXT NULL,
    uid            UUID NOT NULL,
    modifie_le     DATETIME NOT NULL
);
CREATE INDEX ix_factures_modifie_le ON factures (modifie_le);

-- Invoice lines; montant_ttc = quantite * prix_unitaire * (1 - remise_pct / 100), rounded.
CREATE TABLE lignes_facture (
    id             INTEGER PRIMARY KEY,
    facture_id     INTEGER NOT NULL,   -- -> factures.id
    article_id     INTEGER NOT NULL,   -- -> articles.id
    quantite       DECIMAL(12,3) NOT NULL,
    prix_unitaire  DECIMAL(12,2) NOT NULL,
    remise_pct     DECIMAL(5,2) NOT NULL,
    montant_ttc    DECIMAL(14,2) NOT NULL,
    modifie_le     DATETIME NOT NULL
);
CREATE INDEX ix_lignes_facture_modifie_le ON lignes_facture (modifie_le);

-- Stock movements: VENTE (negative quantity), RECEPTION, INVENTAIRE (adjustment).
CREATE TABLE mouvements_stock (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL,  -- -> articles.id
    quantite        DECIMAL(12,3) NOT NULL,
    type_mouvement  VARCHAR(12) NOT NULL,
    reference       VARCHAR(40) NULL,  -- invoice number or delivery note
    date_mouvement  DATETIME NOT NULL,
    modifie_le      DATETIME NOT NULL
);
CREATE INDEX ix_mouvements_stock_modifie_le ON mouvements_stock (modifie_le);

-- Daily sales per article (one row per day and article sold that day).
CREATE TABLE statistiques (
    id               INTEGER PRIMARY KEY,
    jour             DATE NOT NULL,
    article_id       INTEGER NOT NULL, -- -> articles.id
    quantite_vendue  DECIMAL(12,3) NOT NULL,
    montant_ttc      DECIMAL(14,2) NOT NULL,
    modifie_le       DATETIME NOT NULL
);
CREATE INDEX ix_statistiques_modifie_le ON statistiques (modifie_le);

-- Daily turnover per till (one row per day and till).
CREATE TABLE chiffre_affaires (
    id           INTEGER PRIMARY KEY,
    jour         DATE NOT NULL,
    caisse_id    INTEGER NOT NULL,     -- -> caisses.id
    montant_ht   DECIMAL(14,2) NOT NULL,
    montant_ttc  DECIMAL(14,2) NOT NULL,
    nb_factures  INTEGER NOT NULL,
    modifie_le   DATETIME NOT NULL
);
CREATE INDEX ix_chiffre_affaires_modifie_le ON chiffre_affaires (modifie_le);
