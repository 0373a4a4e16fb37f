-- The head-office (central) database of the SyncFiles samples, SQL Server version of samples/sqlite/central.sql.
-- Load with: sqlcmd -d DATABASE -i central.sql

CREATE TABLE agences (
    id       nvarchar(10) PRIMARY KEY,
    nom      nvarchar(max) NOT NULL,
    ville    nvarchar(max),
    cree_le  datetime2(3) NOT NULL
);

-- Product families of each site.
CREATE TABLE familles (
    agence     nvarchar(10) NOT NULL,
    id         bigint NOT NULL,
    libelle    nvarchar(max) NOT NULL,
    parent_id  bigint NULL,
    PRIMARY KEY (agence, id)
);

-- Products of each site; a code is unique within its site.
CREATE TABLE articles (
    agence      nvarchar(10) NOT NULL,
    id          bigint NOT NULL,
    code        nvarchar(20) NOT NULL,
    libelle     nvarchar(120) NOT NULL,
    famille_id  bigint,
    prix_vente  DECIMAL(12,2) NOT NULL,
    prix_achat  DECIMAL(12,4),
    taux_tva    DECIMAL(5,2) NOT NULL,
    actif       bit NOT NULL,
    code_barre  nvarchar(32) NULL,
    poids_kg    float NULL,
    modifie_le  datetime2(3) NOT NULL,
    PRIMARY KEY (agence, id),
    UNIQUE (agence, code)
);

-- Customers of each site.
CREATE TABLE clients (
    agence          nvarchar(10) NOT NULL,
    id              bigint NOT NULL,
    nom             nvarchar(80) NOT NULL,
    prenom          nvarchar(80) NULL,
    email           nvarchar(120) NULL,
    telephone       nvarchar(20) NULL,
    date_naissance  date NULL,
    solde           DECIMAL(12,2) NOT NULL,
    cree_le         datetime2(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Suppliers of each site.
CREATE TABLE fournisseurs (
    agence          nvarchar(10) NOT NULL,
    id              bigint NOT NULL,
    raison_sociale  nvarchar(120) NOT NULL,
    siret           nvarchar(14),
    email           nvarchar(120),
    telephone       nvarchar(20),
    PRIMARY KEY (agence, id)
);

-- Kinds of sale of each site.
CREATE TABLE types_vente (
    agence   nvarchar(10) NOT NULL,
    id       bigint NOT NULL,
    code     nvarchar(10) NOT NULL,
    libelle  nvarchar(60) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Tills of each site.
CREATE TABLE caisses (
    agence        nvarchar(10) NOT NULL,
    id            bigint NOT NULL,
    libelle       nvarchar(60) NOT NULL,
    numero_serie  nvarchar(40),
    PRIMARY KEY (agence, id)
);

-- ---------------------------------------------------------------- transaction tables

-- Invoices of all sites.
CREATE TABLE factures (
    agence         nvarchar(10) NOT NULL,
    id             bigint NOT NULL,
    numero         nvarchar(20) NOT NULL,
    client_id      bigint NULL,
    caisse_id      bigint NOT NULL,
    type_vente_id  bigint NOT NULL,
    date_facture   datetime2(3) NOT NULL,
    total_ht       DECIMAL(14,2) NOT NULL,
    total_tva      DECIMAL(14,2) NOT NULL,
    total_ttc      DECIMAL(14,2) NOT NULL,
    remarque       nvarchar(max) NULL,
    uid            uniqueidentifier NOT NULL,
    modifie_le     datetime2(3) NOT NULL,
    rv             bigint NULL,            -- the site's rowversion, as a number
    PRIMARY KEY (agence, id)
);

-- Invoice lines of all sites.
CREATE TABLE lignes_facture (
    agence         nvarchar(10) NOT NULL,
    id             bigint NOT NULL,
    facture_id     bigint NOT NULL,
    article_id     bigint NOT NULL,
    quantite       DECIMAL(12,3) NOT NULL,
    prix_unitaire  DECIMAL(12,2) NOT NULL,
    remise_pct     DECIMAL(5,2) NOT NULL,
    montant_ttc    DECIMAL(14,2) NOT NULL,
    modifie_le     datetime2(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Stock movements of all sites.
CREATE TABLE mouvements_stock (
    agence          nvarchar(10) NOT NULL,
    id              bigint NOT NULL,
    article_id      bigint NOT NULL,
    quantite        DECIMAL(12,3) NOT NULL,
    type_mouvement  nvarchar(12) NOT NULL,
    reference       nvarchar(40) NULL,
    date_mouvement  datetime2(3) NOT NULL,
    modifie_le      datetime2(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Daily sales per article of all sites.
CREATE TABLE statistiques (
    agence           nvarchar(10) NOT NULL,
    id               bigint NOT NULL,
    jour             date NOT NULL,
    article_id       bigint NOT NULL,
    quantite_vendue  DECIMAL(12,3) NOT NULL,
    montant_ttc      DECIMAL(14,2) NOT NULL,
    modifie_le       datetime2(3) NOT NULL,
    PRIMARY KEY (agence, id)
);

-- Daily turnover per till of all sites.
CREATE TABLE chiffre_affaires (
    agence       nvarchar(10) NOT NULL,
    id           bigint NOT NULL,
    jour         date NOT NULL,
    caisse_id    bigint NOT NULL,
    montant_ht   DECIMAL(14,2) NOT NULL,
    montant_ttc  DECIMAL(14,2) NOT NULL,
    nb_factures  bigint NOT NULL,
    modifie_le   datetime2(3) NOT NULL,
    PRIMARY KEY (agence, id)
);
