-- The shop (site) database of the SyncFiles samples, SQL Server version of samples/sqlite/shop.sql.
-- Load with: sqlcmd -d DATABASE -i shop.sql

CREATE TABLE agences (
    id       nvarchar(10) PRIMARY KEY,
    nom      nvarchar(max) NOT NULL,
    ville    nvarchar(max),
    cree_le  datetime2(3) NOT NULL
);

-- Product families, two levels (a family may have a parent family).
CREATE TABLE familles (
    id         bigint PRIMARY KEY,
    libelle    nvarchar(max) NOT NULL,
    parent_id  bigint NULL            -- -> familles.id
);

-- Products sold by the shop; prix_vente is the price including VAT.
CREATE TABLE articles (
    id          bigint PRIMARY KEY,
    code        nvarchar(20) NOT NULL UNIQUE,
    libelle     nvarchar(120) NOT NULL,
    famille_id  bigint,               -- -> familles.id
    prix_vente  DECIMAL(12,2) NOT NULL,
    prix_achat  DECIMAL(12,4),
    taux_tva    DECIMAL(5,2) NOT NULL,
    actif       bit NOT NULL,
    code_barre  nvarchar(32) NULL,
    poids_kg    float NULL,
    modifie_le  datetime2(3) NOT NULL
);

-- Customers with a loyalty account.
CREATE TABLE clients (
    id              bigint PRIMARY KEY,
    nom             nvarchar(80) NOT NULL,
    prenom          nvarchar(80) NULL,
    email           nvarchar(120) NULL,
    telephone       nvarchar(20) NULL,
    date_naissance  date NULL,
    solde           DECIMAL(12,2) NOT NULL,
    cree_le         datetime2(3) NOT NULL
);

-- Suppliers (stock receptions refer to them).
CREATE TABLE fournisseurs (
    id              bigint PRIMARY KEY,
    raison_sociale  nvarchar(120) NOT NULL,
    siret           nvarchar(14),
    email           nvarchar(120),
    telephone       nvarchar(20)
);

-- Kinds of sale (cash, card, cheque, web order).
CREATE TABLE types_vente (
    id       bigint PRIMARY KEY,
    code     nvarchar(10) NOT NULL,
    libelle  nvarchar(60) NOT NULL
);

-- Tills of the shop.
CREATE TABLE caisses (
    id            bigint PRIMARY KEY,
    libelle       nvarchar(60) NOT NULL,
    numero_serie  nvarchar(40)
);

-- ---------------------------------------------------------------- transaction tables
-- Each has an index on modifie_le: incremental export filters on it.

-- Invoices (till receipts); client_id is NULL for an anonymous sale.
CREATE TABLE factures (
    id             bigint PRIMARY KEY,
    numero         nvarchar(20) NOT NULL,
    client_id      bigint NULL,       -- -> clients.id
    caisse_id      bigint NOT NULL,   -- -> caisses.id
    type_vente_id  bigint NOT NULL,   -- -> types_vente.id
    date_facture   datetime2(3) NOT NULL,
    total_ht       DECIMAL(14,2) NOT NULL,
    total_tva      DECIMAL(14,2) NOT NULL,
    total_ttc      DECIMAL(14,2) NOT NULL,
    remarque       nvarchar(max) NULL,
    uid            uniqueidentifier NOT NULL,
    modifie_le     datetime2(3) NOT NULL,
    rv             rowversion NOT NULL  -- change detection: strategy "rowversion"
);
CREATE INDEX ix_factures_rv ON factures (rv);
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
    modifie_le     datetime2(3) NOT NULL
);
CREATE INDEX ix_lignes_facture_modifie_le ON lignes_facture (modifie_le);

-- Stock movements: VENTE (negative quantity), RECEPTION, INVENTAIRE (adjustment).
CREATE TABLE mouvements_stock (
    id              bigint PRIMARY KEY,
    article_id      bigint NOT NULL,  -- -> articles.id
    quantite        DECIMAL(12,3) NOT NULL,
    type_mouvement  nvarchar(12) NOT NULL,
    reference       nvarchar(40) NULL,  -- invoice number or delivery note
    date_mouvement  datetime2(3) NOT NULL,
    modifie_le      datetime2(3) NOT NULL
);
CREATE INDEX ix_mouvements_stock_modifie_le ON mouvements_stock (modifie_le);

-- Daily sales per article (one row per day and article sold that day).
CREATE TABLE statistiques (
    id               bigint PRIMARY KEY,
    jour             date NOT NULL,
    article_id       bigint NOT NULL, -- -> articles.id
    quantite_vendue  DECIMAL(12,3) NOT NULL,
    montant_ttc      DECIMAL(14,2) NOT NULL,
    modifie_le       datetime2(3) NOT NULL
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
    modifie_le   datetime2(3) NOT NULL
);
CREATE INDEX ix_chiffre_affaires_modifie_le ON chiffre_affaires (modifie_le);

-- Change tracking for lignes_facture (strategy "changetracking": inserts, updates and deletes,
-- deletes travel as tombstones). The database must allow it first, and snapshot isolation lets
-- the exporter read every table from one consistent snapshot:
--   ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;
--   ALTER DATABASE CURRENT SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 14 DAYS, AUTO_CLEANUP = ON);
ALTER TABLE lignes_facture ENABLE CHANGE_TRACKING;
