-- The shop (site) database of the SyncFiles samples, MariaDB/MySQL version of samples/sqlite/shop.sql.
-- Load with: mariadb DATABASE < shop.sql  (InnoDB, utf8mb4; MariaDB 10.7 or later for the UUID type, CHAR(36) on MySQL)

CREATE TABLE agences (
    id       VARCHAR(32) PRIMARY KEY,
    nom      TEXT NOT NULL,
    ville    TEXT,
    cree_le  DATETIME(3) NOT NULL
);

-- Product families, two levels (a family may have a parent family).
CREATE TABLE familles (
    id         bigint PRIMARY KEY,
    libelle    TEXT NOT NULL,
    parent_id  bigint NULL            -- -> familles.id
);

-- Products sold by the shop; prix_vente is the price including VAT.
CREATE TABLE articles (
    id          bigint PRIMARY KEY,
    code        varchar(20) NOT NULL UNIQUE,
    libelle     varchar(120) NOT NULL,
    famille_id  bigint,               -- -> familles.id
    prix_vente  DECIMAL(12,2) NOT NULL,
    prix_achat  DECIMAL(12,4),
    taux_tva    DECIMAL(5,2) NOT NULL,
    actif       TINYINT(1) NOT NULL,
    code_barre  varchar(32) NULL,
    poids_kg    DOUBLE NULL,
    modifie_le  DATETIME(3) NOT NULL
);

-- Customers with a loyalty account.
CREATE TABLE clients (
    id              bigint PRIMARY KEY,
    nom             varchar(80) NOT NULL,
    prenom          varchar(80) NULL,
    email           varchar(120) NULL,
    telephone       varchar(20) NULL,
    date_naissance  date NULL,
    solde           DECIMAL(12,2) NOT NULL,
    cree_le         DATETIME(3) NOT NULL
);

-- Suppliers (stock receptions refer to them).
CREATE TABLE fournisseurs (
    id              bigint PRIMARY KEY,
    raison_sociale  varchar(120) NOT NULL,
    siret           varchar(14),
    email           varchar(120),
    telephone       varchar(20)
);

-- Kinds of sale (cash, card, cheque, web order).
CREATE TABLE types_vente (
    id       bigint PRIMARY KEY,
    code     varchar(10) NOT NULL,
    libelle  varchar(60) NOT NULL
);

-- Tills of the shop.
CREATE TABLE caisses (
    id            bigint PRIMARY KEY,
    libelle       varchar(60) NOT NULL,
    numero_serie  varchar(40)
);

-- ---------------------------------------------------------------- transaction tables
-- Each has an index on modifie_le: incremental export filters on it.

-- Invoices (till receipts); client_id is NULL for an anonymous sale.
CREATE TABLE factures (
    id             bigint PRIMARY KEY,
    numero         varchar(20) NOT NULL,
    client_id      bigint NULL,       -- -> clients.id
    caisse_id      bigint NOT NULL,   -- -> caisses.id
    type_vente_id  bigint NOT NULL,   -- -> types_vente.id
    date_facture   DATETIME(3) NOT NULL,
    total_ht       DECIMAL(14,2) NOT NULL,
    total_tva      DECIMAL(14,2) NOT NULL,
    total_ttc      DECIMAL(14,2) NOT NULL,
    remarque       TEXT NULL,
    uid            UUID NOT NULL,
    modifie_le     DATETIME(3) NOT NULL
);
CREATE INDEX ix_factures_modifie_le ON factures (modifie_le);

-- Invoice lines; montant_ttc = quantite * prix_unitaire * (1 - remise_pct / 100), rounded.
CREATE TABLE lignes_facture (
    id             bigint PRIMARY KEY,
    facture_id     bigint NOT NULL,   -- -> factures.id
    article_id     bigint NOT NULL,   -- -> articles.id
    quantite       DECIMAL(12,3) NOT NULL,
    prix_unitaire  DECIMAL(12,2) NOT NULL,
    remise_pct     DECIMAL(5,2) NOT NULL,
    montant_ttc    DECIMAL(14,2) NOT NULL,
    modifie_le     DATETIME(3) NOT NULL
);
CREATE INDEX ix_lignes_facture_modifie_le ON lignes_facture (modifie_le);

-- Stock movements: VENTE (negative quantity), RECEPTION, INVENTAIRE (adjustment).
CREATE TABLE mouvements_stock (
    id              bigint PRIMARY KEY,
    article_id      bigint NOT NULL,  -- -> articles.id
    quantite        DECIMAL(12,3) NOT NULL,
    type_mouvement  varchar(12) NOT NULL,
    reference       varchar(40) NULL,  -- invoice number or delivery note
    date_mouvement  DATETIME(3) NOT NULL,
    modifie_le      DATETIME(3) NOT NULL
);
CREATE INDEX ix_mouvements_stock_modifie_le ON mouvements_stock (modifie_le);

-- Daily sales per article (one row per day and article sold that day).
CREATE TABLE statistiques (
    id               bigint PRIMARY KEY,
    jour             date NOT NULL,
    article_id       bigint NOT NULL, -- -> articles.id
    quantite_vendue  DECIMAL(12,3) NOT NULL,
    montant_ttc      DECIMAL(14,2) NOT NULL,
    modifie_le       DATETIME(3) NOT NULL
);
CREATE INDEX ix_statistiques_modifie_le ON statistiques (modifie_le);

-- Daily turnover per till (one row per day and till).
CREATE TABLE chiffre_affaires (
    id           bigint PRIMARY KEY,
    jour         date NOT NULL,
    caisse_id    bigint NOT NULL,     -- -> caisses.id
    montant_ht   DECIMAL(14,2) NOT NULL,
    montant_ttc  DECIMAL(14,2) NOT NULL,
    nb_factures  bigint NOT NULL,
    modifie_le   DATETIME(3) NOT NULL
);
CREATE INDEX ix_chiffre_affaires_modifie_le ON chiffre_affaires (modifie_le);
