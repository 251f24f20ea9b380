"""The design of the bundled sample: organisation, topics, scales, and how people behave."""

from __future__ import annotations

__all__ = [
    "SEED",
    "ORGANISATION",
    "EMAIL_DOMAIN",
    "SCHOOLS",
    "BOUWEN",
    "TOPICS",
    "TOPIC_KEYS",
    "FREQUENCY",
    "USEFULNESS",
    "AGREE5",
    "VALUE_ITEMS",
    "VALUE_STORY",
    "SLOTS",
    "NOBODY",
    "MATRIX_PREFIX",
    "SAMPLE_FILES",
    "EXAMPLE_FILES",
    "EXPERTISE",
    "RESPONSE_P",
    "TOPIC_RATE",
    "TENURE_MEAN",
]

#: The one seed of the bundled sample (numpy's PCG64; no hash seeds involved).
SEED = 20250314

ORGANISATION = "Stichting Samen Leren"  # fictional
EMAIL_DOMAIN = "samenleren.example"

#: (school, short name used in team labels, staff in 2025)
SCHOOLS = (
    ("De Regenboog", "Regenboog", 52),
    ("Het Kompas", "Kompas", 48),
    ("De Zevensprong", "Zevensprong", 50),
)
BOUWEN = ("onderbouw", "middenbouw", "bovenbouw")

#: (key, Dutch label, English label)
TOPICS = (
    ("didactiek", "Didactiek", "Didactics"),
    ("ict", "ICT in de klas", "ICT in class"),
    ("zorg", "Leerlingenzorg", "Pupil care"),
    ("toetsing", "Toetsing", "Assessment"),
    ("klassenmanagement", "Klassenmanagement", "Classroom management"),
)
TOPIC_KEYS = tuple(t[0] for t in TOPICS)
FREQUENCY = (("Dagelijks", 4), ("Wekelijks", 3), ("Maandelijks", 2), ("Minder dan maandelijks", 1))
USEFULNESS = (("Niet nuttig", 1), ("Een beetje nuttig", 2), ("Nuttig", 3), ("Zeer nuttig", 4))
AGREE5 = (
    ("Helemaal mee oneens", 1),
    ("Mee oneens", 2),
    ("Neutraal", 3),
    ("Mee eens", 4),
    ("Helemaal mee eens", 5),
)
#: (cycle, item text; the text is also the column header in both exports)
VALUE_ITEMS = (
    ("immediate", "De gesprekken met collega's waren de moeite waard"),
    ("potential", "Ik heb ideeën opgedaan die ik kan gebruiken"),
    ("applied", "Ik heb iets wat ik van collega's leerde in mijn klas toegepast"),
    ("realized", "Dat heeft merkbaar verschil gemaakt voor mijn leerlingen"),
    ("reframing", "Ik ben anders gaan denken over goed onderwijs"),
)
#: The designed value story of round 2: a shift on the latent answer scale (before rounding) per
#: group and cycle. "ict_network": the members of the cross-school ICT learning network;
#: "broker_contacts": the colleagues who turned to the broker who left (round 1 ties), stayed and
#: are not in the ICT network.
VALUE_STORY = {
    "ict_network": {"applied": 0.6, "realized": 0.6},
    "broker_contacts": {"potential": -0.8, "applied": -0.8},
}
SLOTS = 5
NOBODY = ("niemand", "Niemand", "geen", "n.v.t.", "-")
MATRIX_PREFIX = "Van wie leer je?"

SAMPLE_FILES = {
    "roster_2025": "roster_2025.csv",
    "roster_2026": "roster_2026.xlsx",
    "survey_2025": "survey_2025.csv",
    "survey_2026": "survey_2026.xlsx",
    "codebook_2025": "codebook_2025.toml",
    "codebook_2026": "codebook_2026.toml",
    "aliases": "aliases.csv",
    "truth_ties": "truth_ties.csv",
    "truth_names": "truth_names_2025.csv",
    "readme": "README.md",
}

#: The example exports of notebook 06 (folder ``examples`` beside the sample), per example.
EXAMPLE_FILES = {
    "class": {
        "export": "class_survey.csv",
        "codebook": "class_codebook.toml",
        "truth_ties": "class_truth_ties.csv",
        "truth_people": "class_truth_people.csv",
    },
    "schools": {
        "export": "schools_survey.csv",
        "codebook": "schools_codebook.toml",
        "truth_ties": "schools_truth_ties.csv",
        "truth_people": "schools_truth_people.csv",
    },
    "worked_with": {
        "export": "worked_with_survey.csv",
        "staff": "worked_with_staff.csv",
        "codebook": "worked_with_codebook.toml",
        "truth_ties": "worked_with_truth_pairs.csv",
        "truth_people": "worked_with_truth_people.csv",
    },
}

# How much colleagues seek a role out per topic (a teacher is 1).
EXPERTISE = {
    "leraar": (1.0, 1.0, 1.0, 1.0, 1.0),
    "teamleider": (2.0, 1.0, 1.5, 2.0, 3.0),
    "intern begeleider": (1.5, 0.5, 6.0, 3.0, 1.5),
    "ICT-coördinator": (1.2, 8.0, 0.6, 1.0, 0.8),
    "directeur": (0.6, 0.4, 0.8, 1.5, 0.6),
    "onderwijsassistent": (0.4, 0.5, 1.0, 0.3, 0.6),
    "stagiair": (0.15, 0.4, 0.1, 0.1, 0.1),
    "vakleerkracht bewegingsonderwijs": (0.5, 0.2, 0.4, 0.3, 1.5),
    "conciërge": (0.05, 0.6, 0.05, 0.05, 0.2),
    "administratief medewerker": (0.05, 0.3, 0.05, 0.1, 0.05),
}
RESPONSE_P = {
    "leraar": 0.84,
    "teamleider": 0.95,
    "intern begeleider": 0.95,
    "ICT-coördinator": 0.9,
    "directeur": 1.0,
    "onderwijsassistent": 0.7,
    "stagiair": 0.6,
    "vakleerkracht bewegingsonderwijs": 0.8,
    "conciërge": 0.5,
    "administratief medewerker": 0.6,
}
TOPIC_RATE = (2.0, 1.3, 1.5, 1.1, 1.7)
TENURE_MEAN = {
    "leraar": 10,
    "teamleider": 15,
    "intern begeleider": 14,
    "ICT-coördinator": 9,
    "directeur": 12,
    "onderwijsassistent": 6,
    "stagiair": 0,
    "vakleerkracht bewegingsonderwijs": 8,
    "conciërge": 11,
    "administratief medewerker": 9,
}
