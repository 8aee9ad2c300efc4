"""Vocabulary of the built-in text: word lists and sentence templates per language.

The generator needs no data files, so English, German, French and Spanish sentences
are assembled from these lists (`c4pipe.synth.text.Text`). Every tuple's order is part
of the output: an index drawn from the random stream picks an entry, so reordering,
adding or removing an entry changes every page after it.
"""

from __future__ import annotations

EN_SUBJ = (
    "the mayor", "our team", "my neighbour", "the teacher", "a local farmer", "the company",
    "the committee", "my brother", "the new manager", "the students", "a young artist",
    "the research group", "the city council", "our family", "the author", "the coach",
    "the old fisherman", "the doctor", "a small startup", "the museum staff", "my aunt",
    "the volunteers", "the engineer", "a retired nurse", "the gardener",
)
EN_VERB = (
    "visited", "described", "repaired", "painted", "discovered", "designed", "cleaned",
    "measured", "planned", "opened", "sold", "bought", "built", "studied", "photographed",
    "moved", "tested", "reviewed", "improved", "shared", "found", "carried", "replaced",
    "explained", "protected", "borrowed", "restored", "visited again", "mapped", "noticed",
)
EN_ADJ = (
    "old", "new", "quiet", "busy", "small", "large", "bright", "simple", "careful",
    "beautiful", "strange", "modern", "wooden", "famous", "friendly", "useful", "broken",
    "expensive", "cheap", "green", "heavy", "gentle", "crowded", "narrow", "ancient",
    "comfortable", "popular", "rare", "warm", "cold", "hidden", "colourful",
)
EN_NOUN = (
    "house", "garden", "bridge", "library", "market", "river", "school", "kitchen",
    "station", "village", "painting", "engine", "bicycle", "window", "forest", "museum",
    "harbour", "theatre", "hospital", "factory", "island", "mountain", "road", "church",
    "farm", "camera", "recipe", "computer", "network", "lake", "tower", "office", "shop",
    "boat", "orchard", "bakery",
)
EN_PLACE = (
    "in the north of the country", "near the old harbour", "on the edge of town",
    "behind the train station", "in a quiet valley", "across the river",
    "next to the market", "in the city centre", "at the end of the street",
    "on the island", "outside the village", "in the mountains", "along the coast",
    "close to the university",
)
EN_TIME = (
    "last summer", "in the early morning", "every weekend", "after the storm",
    "before the holidays", "during the winter", "two years ago", "on a rainy afternoon",
    "late at night", "earlier this month", "over the past decade", "in the spring",
)
EN_TEMPLATES = (
    "{S} {v} the {a} {n} {p} {t}.",
    "{T}, {s} {v} a {a} {n} {p}.",
    "Many people believe that the {n} {p} is more {a} than the {n2}.",
    "Did you know that {s} {v} {k} {n}s {t}?",
    "We {v} the {a} {n} {t} and it was {a2}!",
    'She said, "The {n} {p} is {a} today."',
    "The report shows that {k} percent of the {n}s {p} were {a} in {y}.",
    "If you are looking for a {a} {n}, this guide explains how to choose one {p}.",
    "According to {s}, the {a} {n} was {v} in {y} and has been {a2} ever since.",
    "{S} has {k} {a} {n}s, and each one was {v} by hand {t}.",
    "It took {k} days before {s} finally {v} the {n} {p}.",
    "Why would anyone want a {a} {n} when the {n2} {p} is so {a2}?",
    "There is nothing quite like a {a} {n} {t}, as {s} will tell you.",
    "Most visitors agree that the {n} is {a} but the {n2} is even more {a2}.",
)
EN_FIXED = (
    "Dr. Smith moved to St. Louis in 1998 and opened a small clinic there.",
    "The U.S. government published the new figures at 3 p.m. on Tuesday.",
    "Prices rose by 3.5 percent, e.g. for bread, milk and eggs.",
    "Mr. and Mrs. Jones live at No. 5 on the main street.",
    "The meeting was moved to Jan. 14 because of the weather.",
    "He asked whether the shop would open on Sunday or not.",
    "What a wonderful view of the valley from the top of the hill!",
    "Please read the instructions carefully before you start the engine.",
    "The recipe needs two cups of flour, one egg and a pinch of salt.",
    "Our readers have sent us hundreds of photos from their holidays.",
)

DE_SUBJ = ("Der Bürgermeister", "Unsere Familie", "Meine Nachbarin", "Die Lehrerin",
           "Der alte Fischer", "Die Firma", "Mein Bruder", "Der Arzt", "Die Gemeinde",
           "Der Gärtner", "Meine Tante", "Das Museum")
DE_OBJ = ("das alte Haus", "den kleinen Garten", "die neue Brücke", "das schöne Bild",
          "den großen Markt", "die ruhige Straße", "das kaputte Fahrrad", "die Bibliothek",
          "den Bahnhof", "das Museum", "die Kirche", "den Wald")
DE_PART = ("besucht", "gebaut", "gemalt", "repariert", "gekauft", "verkauft", "gesehen",
           "beschrieben", "geöffnet", "gefunden", "fotografiert", "geplant")
DE_TIME = ("gestern", "letzten Sommer", "am frühen Morgen", "jedes Wochenende",
           "nach dem Sturm", "vor zwei Jahren", "im Winter", "in diesem Monat")
DE_ORT = ("in der Stadt", "am Fluss", "im Dorf", "in den Bergen", "neben dem Markt",
          "hinter dem Bahnhof", "an der Küste")
DE_TEMPLATES = (
    "{S} hat {t} {o} {p} {v}.",
    "Warum hat {s} {o} {p} nicht {v}?",
    "Wir haben {o} {t} {v}, und es war wirklich schön!",
    "Nach Angaben der Zeitung wurde {o} {p} im Jahr {y} {v}.",
    "Es gibt kaum etwas Schöneres als einen Spaziergang {p} {t}.",
)
FR_SUBJ = ("Le maire", "Ma voisine", "Notre équipe", "Le vieux pêcheur", "La société",
           "Mon frère", "Le médecin", "L'institutrice", "Le jardinier", "Ma tante")
FR_OBJ = ("la vieille maison", "le petit jardin", "le nouveau pont", "la bibliothèque",
          "le marché", "la gare", "le musée", "l'église", "la forêt", "le port")
FR_PART = ("visité", "construit", "peint", "réparé", "acheté", "vendu", "découvert",
           "photographié", "décrit", "ouvert")
FR_TIME = ("hier", "l'été dernier", "chaque week-end", "après la tempête", "il y a deux ans",
           "pendant l'hiver", "ce matin")
FR_LIEU = ("dans le village", "près de la rivière", "au centre de la ville", "à la montagne",
           "au bord de la mer", "derrière la gare")
FR_TEMPLATES = (
    "{S} a {v} {o} {p} {t}.",
    "Pourquoi {s} n'a-t-il pas {v} {o} {p} ?",
    "Nous avons {v} {o} {t}, et c'était vraiment magnifique !",
    "Selon le journal, {o} {p} a été {v} en {y}.",
    "Il n'y a rien de plus agréable qu'une promenade {p} {t}.",
)
ES_SUBJ = ("El alcalde", "Mi vecina", "Nuestro equipo", "El viejo pescador", "La empresa",
           "Mi hermano", "El médico", "La maestra", "El jardinero")
ES_OBJ = ("la casa antigua", "el pequeño jardín", "el puente nuevo", "la biblioteca",
          "el mercado", "la estación", "el museo", "la iglesia", "el bosque")
ES_PART = ("visitado", "construido", "pintado", "reparado", "comprado", "vendido",
           "descubierto", "fotografiado", "descrito")
ES_TIME = ("ayer", "el verano pasado", "cada fin de semana", "después de la tormenta",
           "hace dos años", "durante el invierno")
ES_LUGAR = ("en el pueblo", "cerca del río", "en el centro de la ciudad", "en las montañas",
            "junto al mar")
ES_TEMPLATES = (
    "{S} ha {v} {o} {p} {t}.",
    "¿Por qué {s} no ha {v} {o} {p}?",
    "Hemos {v} {o} {t}, y fue realmente precioso.",
    "Según el periódico, {o} {p} fue {v} en {y}.",
)

# Site names, top-level domains and URL sections of the synthetic sites.
SITE_WORDS = ("river", "stone", "maple", "harbor", "summit", "cedar", "meadow", "pixel",
              "north", "blue", "silver", "garden", "urban", "daily", "coast", "prairie",
              "atlas", "bright", "echo", "lantern")
TLDS = ("com", "org", "net", "co.uk", "info", "com.au", "io", "de", "fr", "blog")
SECTIONS = ("news", "blog", "articles", "travel", "food", "local", "sport", "review",
            "guides", "story", "2019/04", "forum/thread")
