namespace SyncFiles.Samples;

/// <summary>
/// Fixed texts the generator draws from. Several are chosen to exercise CSV and encoding:
/// accents, apostrophes, double quotes, commas, line breaks and empty strings.
/// </summary>
internal static class ShopSampleText
{
    public static readonly string[] Villes =
        ["Lyon", "Nantes", "Saint-Étienne", "Besançon", "Aix-en-Provence", "Lille", "Brest", "Orléans"];

    /// <summary>Product families: (id, libelle, parent id). Ids 1-6 are top level.</summary>
    public static readonly (int Id, string Libelle, int? ParentId)[] Familles =
    [
        (1, "Épicerie", null),
        (2, "Boissons", null),
        (3, "Fruits et légumes", null),
        (4, "Boucherie, charcuterie", null),
        (5, "Droguerie, hygiène", null),
        (6, "Maison & jardin", null),
        (7, "Épicerie salée", 1),
        (8, "Épicerie sucrée", 1),
        (9, "Conserves", 1),
        (10, "Eaux, jus", 2),
        (11, "Vins \"AOP\" & IGP", 2),
        (12, "Bières", 2),
        (13, "Fruits", 3),
        (14, "Légumes", 3),
        (15, "Boucherie à la coupe", 4),
        (16, "Charcuterie à la coupe", 4),
        (17, "Lessives", 5),
        (18, "Hygiène, beauté", 5),
        (19, "Jardinage", 6),
        (20, "Bricolage", 6),
    ];

    /// <summary>The families whose articles are sold by weight (quantity in kg).</summary>
    public static bool IsSoldByWeight(long familleId) => familleId is >= 13 and <= 16;

    /// <summary>The VAT rate of a family's articles.</summary>
    public static decimal TauxTva(long? familleId) => familleId switch
    {
        11 or 12 or >= 17 => 20.00m,
        9 => 10.00m, // ready meals in tins, say
        _ => 5.50m,
    };

    /// <summary>Product nouns per child family (index = famille id - 7).</summary>
    public static readonly string[][] Produits =
    [
        ["Pâtes torsades", "Riz basmati", "Huile d'olive", "Moutarde de Dijon", "Sel de Guérande"],
        ["Café moulu", "Chocolat noir 70%", "Confiture d'abricot", "Biscuits \"petit beurre\"", "Miel de lavande"],
        ["Cassoulet", "Petits pois, carottes", "Thon au naturel", "Ratatouille", "Sardines à l'huile"],
        ["Eau minérale", "Jus d'orange", "Limonade", "Sirop de menthe", "Eau gazeuse"],
        ["Côtes-du-Rhône", "Bordeaux supérieur", "Muscadet", "Crémant d'Alsace", "Chablis"],
        ["Bière blonde", "Bière ambrée", "Cidre brut", "Bière de Noël", "Panaché"],
        ["Pommes Golden", "Poires Williams", "Clémentines", "Bananes", "Fraises"],
        ["Pommes de terre", "Carottes", "Tomates grappe", "Poireaux", "Courgettes"],
        ["Entrecôte", "Rôti de porc", "Poulet fermier", "Bavette", "Épaule d'agneau"],
        ["Jambon blanc", "Saucisson sec", "Pâté de campagne", "Rillettes", "Chorizo"],
        ["Lessive liquide", "Adoucissant", "Pastilles lave-vaisselle", "Savon de Marseille", "Vinaigre blanc"],
        ["Shampooing", "Gel douche", "Dentifrice", "Crème hydratante", "Coton-tiges"],
        ["Terreau", "Graines de radis", "Sécateur", "Engrais \"universel\"", "Arrosoir"],
        ["Vis à bois", "Ampoule LED", "Ruban adhésif", "Colle forte", "Piles AA"],
    ];

    public static readonly string[] Qualificatifs =
        ["", "bio", "premier prix", "format familial", "l'original", "extra", "« sélection »", "lot de 2, offre"];

    public static readonly string[] Formats = ["250 g", "500 g", "1 kg", "1 L", "75 cl", "x6", "x12", "33 cl"];

    /// <summary>Family names with the ASCII form used in e-mail addresses.</summary>
    public static readonly (string Nom, string Ascii)[] Noms =
    [
        ("Martin", "martin"), ("Bernard", "bernard"), ("Dubois", "dubois"), ("Lefèvre", "lefevre"),
        ("Müller", "muller"), ("N'Diaye", "ndiaye"), ("O'Connor", "oconnor"), ("Le Goff", "legoff"),
        ("Da Silva", "dasilva"), ("Martin, Dupont", "martin.dupont"), ("Durand \"dit Paulo\"", "durand"),
        ("Nguyễn", "nguyen"), ("Garçon", "garcon"), ("Rousseau", "rousseau"), ("Petit", "petit"),
        ("Moreau", "moreau"), ("Fournier", "fournier"), ("Gauthier", "gauthier"), ("Château", "chateau"),
        ("SARL Dupont & Fils", "dupont-fils"),
    ];

    /// <summary>First names with the ASCII form used in e-mail addresses.</summary>
    public static readonly (string Prenom, string Ascii)[] Prenoms =
    [
        ("Éloïse", "eloise"), ("Zoé", "zoe"), ("Noël", "noel"), ("François", "francois"), ("Chloé", "chloe"),
        ("Jean-Pierre", "jean-pierre"), ("Anaïs", "anais"), ("Hélène", "helene"), ("Loïc", "loic"),
        ("Marie", "marie"), ("Léa", "lea"), ("Paul", "paul"), ("Inès", "ines"), ("Björn", "bjorn"),
        ("Thomas", "thomas"), ("Camille", "camille"),
    ];

    public static readonly string[] Domaines = ["example.fr", "example.com", "courriel.example.org"];

    public static readonly (string RaisonSociale, string? Email)[] Fournisseurs =
    [
        ("Les Vergers d'Anjou", "contact@vergers-anjou.example.fr"),
        ("Brasserie du Nord, SAS", "commandes@brasserie-nord.example.fr"),
        ("Laiterie \"La Prairie\"", null),
        ("Épicerie Fine Méditerranée", "ventes@epicerie-med.example.com"),
        ("Distrib'Ouest", "pro@distribouest.example.fr"),
        ("Château Lafleur & Fils", ""),
        ("Droguerie Générale SA", "adv@droguerie-generale.example.fr"),
        ("Maraîchers Réunis", null),
        ("Boucherie Centrale SARL", "boucherie.centrale@example.fr"),
        ("Jardin & Co", "bonjour@jardin-co.example.com"),
    ];

    public static readonly (string Code, string Libelle)[] TypesVente =
    [
        ("CPT", "Comptant"),
        ("CB", "Carte bancaire"),
        ("CHQ", "Chèque"),
        ("WEB", "Vente en ligne, retrait magasin"),
    ];

    public static readonly (string Libelle, string? NumeroSerie)[] Caisses =
    [
        ("Caisse 1 – entrée", "SN-7781-A01"),
        ("Caisse 2", "SN-7781-A02"),
        ("Caisse rapide \"express\"", null),
    ];

    /// <summary>Invoice remarks, including line breaks (LF and CRLF) and an empty string.</summary>
    public static readonly string[] Remarques =
    [
        "Client fidèle",
        "Livraison à domicile, 2e étage",
        "Payé en 2 fois\nSolde le 15",
        "Avoir n°123 utilisé",
        "Remise \"fin de série\" appliquée",
        "Ticket réimprimé",
        "Attention : chèque à encaisser\r\nle lundi",
        "",
    ];
}
