-- The head-office (central) database of the SyncFiles samples, MariaDB/MySQL version of samples/sqlite/central.sql.
-- Load with: mariadb DATABASE < central.sql  (InnoDB, utf8mb4; MariaDB 10.7 or later for the UUID type, CHAR(36) on MySQL)

CREATE TABLE agences (
    id       VARCHAR(32) PRIMARY KEY,
    nom      TEXT NOT NULL,
    ville    TEXT,
    cree_le  DATETIME(3) NOT NULL
);

-- Product families of each site.
CREATE TABLE familles (
    agence     varchar(10) NOT NULL,
    id         bigint NOT NULL,
    libelle    TEXT NOT NULL,
    parent_id  bigint NULL,
    PRIMARY KEY (agence, id)
);

-- Products of each site; a code is unique within its site.
CREATE TABLE articles (
    agence      varchar(10) NOT NULL,
    id          bigint NOT NULL,
    code        varchar(20) NOT NULL,
    libelle     varchar(120) NOT NULL,
    famille_id  bigint,
    prix_vente  DECIMAL(12,2) NOT NULL,
    prix_achat  DECIMAL(12,4),
    taux_tva    DECIMAL(5,2) NOT NULL,
    actif       TINYINT(1) NOT NULL,
    code_barre  varchar(32) NULL,
    poids_kg    DOUBLE NULL,
    modifie_le  DATETIME(3) NOT NULL,
    PRIMARY KEY (agence, id),
    UNIQUE (agence, code)
);

-- Customers of each site.
CREATE TABLE clients (
    agence          varchar(10) NOT NULL,
    id              bigint NOT NULL,
    nom             varchar(80) NOT NULL,
    prenom          varchar(80) NULL,
    email           varchar(120) NULL,
    telephone       varchar(20) NULL,
    date_naissance  date NULL,
    solde           DECIMAL(12,2) NOT NULL,
    cree_le         DATETIME(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Suppliers of each site.
CREATE TABLE fournisseurs (
    agence          varchar(10) NOT NULL,
    id              bigint NOT NULL,
    raison_sociale  varchar(120) NOT NULL,
    siret           varchar(14),
    email           varchar(120),
    telephone       varchar(20),
    PRIMARY KEY (agence, id)
);

-- Kinds of sale of each site.
CREATE TABLE types_vente (
    agence   varchar(10) NOT NULL,
    id       bigint NOT NULL,
    code     varchar(10) NOT NULL,
    libelle  varchar(60) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Tills of each site.
CREATE TABLE caisses (
    agence        varchar(10) NOT NULL,
    id            bigint NOT NULL,
    libelle       varchar(60) NOT NULL,
    numero_serie  varchar(40),
    PRIMARY KEY (agence, id)
);

-- ---------------------------------------------------------------- transaction tables

-- Invoices of all sites.
CREATE TABLE factures (
    agence         varchar(10) NOT NULL,
    id             bigint NOT NULL,
    numero         varchar(20) NOT NULL,
    client_id      bigint NULL,
    caisse_id      bigint NOT NULL,
    type_vente_id  bigint NOT NULL,
    date_facture   DATETIME(3) NOT NULL,
    total_ht       DECIMAL(14,2) NOT NULL,
    total_tva      DECIMAL(14,2) NOT NULL,
    total_ttc      DECIMAL(14,2) NOT NULL,
    remarque       TEXT NULL,
    uid            UUID NOT NULL,
    modifie_le     DATETIME(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Invoice lines of all sites.
CREATE TABLE lignes_facture (
    agence         varchar(10) NOT NULL,
    id             bigint NOT NULL,
    facture_id     bigint NOT NULL,
    article_id     bigint NOT NULL,
    quantite       DECIMAL(12,3) NOT NULL,
    prix_unitaire  DECIMAL(12,2) NOT NULL,
    remise_pct     DECIMAL(5,2) NOT NULL,
    montant_ttc    DECIMAL(14,2) NOT NULL,
    modifie_le     DATETIME(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Stock movements of all sites.
CREATE TABLE mouvements_stock (
    agence          varchar(10) NOT NULL,
    id              bigint NOT NULL,
    article_id      bigint NOT NULL,
    quantite        DECIMAL(12,3) NOT NULL,
    type_mouvement  varchar(12) NOT NULL,
    reference       varchar(40) NULL,
    date_mouvement  DATETIME(3) NOT NULL,
    modifie_le      DATETIME(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Daily sales per article of all sites.
CREATE TABLE statistiques (
    agence           varchar(10) NOT NULL,
    id               bigint NOT NULL,
    jour             date NOT NULL,
    article_id       bigint NOT NULL,
    quantite_vendue  DECIMAL(12,3) NOT NULL,
    montant_ttc      DECIMAL(14,2) NOT NULL,
    modifie_le       DATETIME(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Daily turnover per till of all sites, partitioned by site (the importer needs nothing for it:
-- docs/providers.md, "Partitioned tables"). With one LIST COLUMNS partition per site instead, a
-- site that has none is quarantined until its partition is added.
CREATE TABLE chiffre_affaires (
    agence       varchar(10) NOT NULL,
    id           bigint NOT NULL,
    jour         date NOT NULL,
    caisse_id    bigint NOT NULL,
    montant_ht   DECIMAL(14,2) NOT NULL,
    montant_ttc  DECIMAL(14,2) NOT NULL,
    nb_factures  bigint NOT NULL,
    modifie_le   DATETIME(3) NOT NULL,
    PRIMARY KEY (agence, id)
)
PARTITION BY KEY (agence) PARTITIONS 4;
