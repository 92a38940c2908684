//! What a generated association is made of: French first names, surnames, towns, streets and
//! organisations with their accents, drawn by a small deterministic generator.

use chrono::NaiveDate;

/// splitmix64: small, fast, and the same numbers on every machine.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub(super) fn day_between(&mut self, from: NaiveDate, to_inclusive: NaiveDate) -> NaiveDate {
        let span = (to_inclusive - from).num_days().max(0) as u64;
        from + chrono::Duration::days(self.below(span + 1) as i64)
    }
}

pub(super) const FIRST_NAMES: &[&str] = &[
    "Hélène",
    "Chloé",
    "Zoé",
    "Léa",
    "Anaïs",
    "Maëlle",
    "Inès",
    "Océane",
    "Noémie",
    "Céline",
    "Élodie",
    "Mégane",
    "Agnès",
    "Françoise",
    "Geneviève",
    "Thérèse",
    "Aurélie",
    "Camille",
    "Marie",
    "Sophie",
    "Julie",
    "Lucie",
    "Manon",
    "Emma",
    "Clémence",
    "Jérôme",
    "Frédéric",
    "François",
    "Stéphane",
    "Sébastien",
    "Jérémy",
    "Grégoire",
    "Benoît",
    "Loïc",
    "Raphaël",
    "Noël",
    "Joël",
    "Gaël",
    "Hervé",
    "René",
    "André",
    "Théo",
    "Mathéo",
    "Léon",
    "Cédric",
    "Nicolas",
    "Pierre",
    "Louis",
    "Hugo",
    "Lucas",
    "Thomas",
    "Antoine",
    "Julien",
    "Mohamed",
    "Yasmine",
    "Fatoumata",
    "Kévin",
    "Timothée",
    "Anne-Laure",
    "Jean-Éric",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Lefèbvre",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Légaré",
    "Bélanger",
    "Côté",
    "Gagné",
    "Pelletier",
    "Lévesque",
    "Bérubé",
    "Thériault",
    "Ménard",
    "Châtelain",
    "Dufresne",
    "Béranger",
    "Mézières",
    "Aubigné",
    "Desrosières",
    "Le Goff",
    "Le Guen",
    "Kerouédan",
    "Nguyen",
    "Benali",
    "Diallo",
    "Haddad",
    "Müller",
    "Ferrand",
    "Joly",
    "Rivière",
    "Lemaître",
    "Prévost",
    "Gauthier",
    "Périer",
];

pub(super) const CITIES: &[(&str, &str)] = &[
    ("45000", "Orléans"),
    ("45100", "Orléans"),
    ("45160", "Olivet"),
    ("45800", "Saint-Jean-de-Braye"),
    ("45140", "Saint-Jean-de-la-Ruelle"),
    ("45400", "Fleury-les-Aubrais"),
    ("60200", "Compiègne"),
    ("75011", "Paris"),
    ("69007", "Lyon"),
    ("35000", "Rennes"),
    ("44000", "Nantes"),
    ("13001", "Marseille"),
];

pub(super) const STREETS: &[&str] = &[
    "rue de Bourgogne",
    "rue Jeanne-d'Arc",
    "quai du Châtelet",
    "boulevard Alexandre-Martin",
    "rue des Carmes",
    "place du Martroi",
    "rue de la République",
    "avenue de la Libération",
    "rue Étienne-Dolet",
    "chemin des Écoliers",
];

pub(super) const ORGS: &[&str] = &[
    "Les Jardins de l'Île",
    "Café associatif Le Chêne",
    "Ciné-club Éclair",
    "La Ressourcerie du Loiret",
    "Chorale À Cœur Joie",
    "Atelier Vélo Solidaire",
];
