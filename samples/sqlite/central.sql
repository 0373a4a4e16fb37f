-- SyncFiles sample: the head-office (central) database, SQLite.
-- The same 12 tables as shop.sql. Rows from many sites share one table: every table
-- except agences starts with `agence` (the site id, agences.id) and its primary key
-- becomes (agence, id). The importer creates its own ledger table.
-- Storage conventions are those of shop.sql (DATETIME 'YYYY-MM-DD HH:MM:SS.fff',
-- DATE 'YYYY-MM-DD', BOOLEAN 0/1, lowercase UUID text, DECIMAL(p,s) declared types).

-- ---------------------------------------------------------------- reference tables

-- All sites: one row per agency.
CREATE TABLE agences (
    id       TEXT PRIMARY KEY,
    nom      TEXT NOT NULL,
    ville    TEXT,
    cree_le  DATETIME NOT NULL
);

-- Product families of each site.
CREATE TABLE familles (
    agence     VARCHAR(10) NOT NULL,
    id         INTEGER NOT NULL,
    libelle    TEXT NOT NULL,
    parent_id  INTEGER NULL,
    PRIMARY KEY (agence, id)
);

-- Products of each site; a code is unique within its site.
CREATE TABLE articles (
    agence      VARCHAR(10) NOT NULL,
    id          INTEGER NOT NULL,
    code        VARCHAR(20) NOT NULL,
    libelle     VARCHAR(120) NOT NULL,
    famille_id  INTEGER,
    prix_vente  DECIMAL(12,2) NOT NULL,
    prix_achat  DECIMAL(12,4),
    taux_tva    DECIMAL(5,2) NOT NULL,
    actif       BOOLEAN NOT NULL,
    code_barre  VARCHAR(32) NULL,
    poids_kg    REAL NULL,
    modifie_le  DATETIME NOT NULL,
    PRIMARY KEY (agence, id),
    UNIQUE (agence, code)
);

-- Customers of each site.
CREATE TABLE clients (
    agence          VARCHAR(10) NOT NULL,
    id              INTEGER NOT NULL,
    nom             VARCHAR(80) NOT NULL,
    prenom          VARCHAR(80) NULL,
    email           VARCHAR(120) NULL,
    telephone       VARCHAR(20) NULL,
    date_naissance  DATE NULL,
    solde           DECIMAL(12,2) NOT NULL,
    cree_le         DATETIME NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Suppliers of each site.
CREATE TABLE fournisseurs (
    agence          VARCHAR(10) NOT NULL,
    id              INTEGER NOT NULL,
    raison_sociale  VARCHAR(120) NOT NULL,
    siret           VARCHAR(14),
    email           VARCHAR(120),
    telephone       VARCHAR(20),
    PRIMARY KEY (agence, id)
);

-- Kinds of sale of each site.
CREATE TABLE types_vente (
    agence   VARCHAR(10) NOT NULL,
    id       INTEGER NOT NULL,
    code     VARCHAR(10) NOT NULL,
    libelle  VARCHAR(60) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Tills of each site.
CREATE TABLE caisses (
    agence        VARCHAR(10) NOT NULL,
    id            INTEGER NOT NULL,
    libelle       VARCHAR(60) NOT NULL,
    numero_serie  VARCHAR(40),
    PRIMARY KEY (agence, id)
);

-- ---------------------------------------------------------------- transaction tables

-- Invoices of all sites.
CREATE TABLE factures (
    agence         VARCHAR(10) NOT NULL,
    id             INTEGER NOT NULL,
    numero         VARCHAR(20) NOT NULL,
    client_id      INTEGER NULL,
    caisse_id      INTEGER NOT NULL,
    type_vente_id  INTEGER NOT NULL,
    date_facture   DATETIME NOT NULL,
    total_ht       DECIMAL(14,2) NOT NULL,
    total_tva      DECIMAL(14,2) NOT NULL,
    total_ttc      DECIMAL(14,2) NOT NULL,
    remarque       TEXT NULL,
    uid            UUID NOT NULL,
    modifie_le     DATETIME NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Invoice lines of all sites.
CREATE TABLE lignes_facture (
    agence         VARCHAR(10) NOT NULL,
    id             INTEGER NOT NULL,
    facture_id     INTEGER NOT NULL,
    article_id     INTEGER NOT NULL,
    quantite       DECIMAL(12,3) NOT NULL,
    prix_unitaire  DECIMAL(12,2) NOT NULL,
    remise_pct     DECIMAL(5,2) NOT NULL,
    montant_ttc    DECIMAL(14,2) NOT NULL,
    modifie_le     DATETIME NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Stock movements of all sites.
CREATE TABLE mouvements_stock (
    agence          VARCHAR(10) NOT NULL,
    id              INTEGER NOT NULL,
    article_id      INTEGER NOT NULL,
    quantite        DECIMAL(12,3) NOT NULL,
    type_mouvement  VARCHAR(12) NOT NULL,
    reference       VARCHAR(40) NULL,
    date_mouvement  DATETIME NOT NULL,
    modifie_le      DATETIME NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Daily sales per article of all sites.
CREATE TABLE statistiques (
    agence           VARCHAR(10) NOT NULL,
    id               INTEGER NOT NULL,
    jour             DATE NOT NULL,
    article_id       INTEGER NOT NULL,
    quantite_vendue  DECIMAL(12,3) NOT NULL,
    montant_ttc      DECIMAL(14,2) NOT NULL,
    modifie_le       DATETIME NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Daily turnover per till of all sites.
CREATE TABLE chiffre_affaires (
    agence       VARCHAR(10) NOT NULL,
    id           INTEGER NOT NULL,
    jour         DATE NOT NULL,
    caisse_id    INTEGER NOT NULL,
    montant_ht   DECIMAL(14,2) NOT NULL,
    montant_ttc  DECIMAL(14,2) NOT NULL,
    nb_factures  INTEGER NOT NULL,
    modifie_le   DATETIME NOT NULL,
    PRIMARY KEY (agence, id)
);
