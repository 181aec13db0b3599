"""The offers and providers of the fictional demo region Kreis Lindenau (`load_demo`).

Written by hand so that the demo reads like a real directory: each offer once, with its own
provider, description, place, hours and cost. Bulk data for benchmarks comes from
scripts/bench/directory_data.py, never from here.
"""

from dataclasses import dataclass
from decimal import Decimal

MUNICIPALITIES = {
    "Lindenau": ["Altstadt", "Nordviertel", "Am Park"],
    "Birkenfeld": ["Birkenfeld-Mitte", "Heide", "Sonnenhang"],
    "Erlenbach": ["Erlenbach-Dorf", "Mühlental"],
}
POSTCODES = {"Lindenau": "45657", "Birkenfeld": "45659", "Erlenbach": "45665"}
# Where each quarter lies (latitude, longitude of its centre).
QUARTER_CENTRES = {
    "Altstadt": (51.6140, 7.1970),
    "Nordviertel": (51.6260, 7.1990),
    "Am Park": (51.6070, 7.2080),
    "Birkenfeld-Mitte": (51.6000, 7.2200),
    "Heide": (51.5930, 7.2330),
    "Sonnenhang": (51.6060, 7.2360),
    "Erlenbach-Dorf": (51.6300, 7.1700),
    "Mühlental": (51.6380, 7.1560),
}


@dataclass(frozen=True)
class Provider:
    name: str
    quarter: str
    phone: str
    email: str


# Every Quartiersbüro is run by a provider (Träger) for its quarter; the key is the quarter.
OFFICE_CARRIERS = {
    "Altstadt": "AWO",
    "Nordviertel": "Caritas",
    "Am Park": "Diakonie",
    "Birkenfeld-Mitte": "DRK",
    "Heide": "AWO",
    "Sonnenhang": "Caritas",
    "Erlenbach-Dorf": "Dorfgemeinschaft Erlenbach",
    "Mühlental": "Diakonie",
}

# Each Quartiersbüro's street and phone; the phone is the one every page and letter gives.
OFFICE_ADDRESSES = {
    "Altstadt": ("Kirchplatz 1", "02361 50 20 10"),
    "Nordviertel": ("Nordring 30", "02361 50 20 20"),
    "Am Park": ("Parkstraße 2", "02361 50 20 30"),
    "Birkenfeld-Mitte": ("Hauptstraße 40", "02364 20 90 10"),
    "Heide": ("Heideweg 12", "02364 20 90 20"),
    "Sonnenhang": ("Sonnenstraße 3", "02364 20 90 30"),
    "Erlenbach-Dorf": ("Dorfplatz 2", "02365 30 90 10"),
    "Mühlental": ("Mühlenweg 1", "02365 30 90 20"),
}

PROVIDERS = {
    "awo-lindenau": Provider(
        "AWO Ortsverein Lindenau", "Altstadt", "02361 40 21 10", "treff@awo-lindenau.demo"
    ),
    "caritas": Provider(
        "Caritasverband Lindenau e. V.", "Altstadt", "02361 40 33 00", "info@caritas-lindenau.demo"
    ),
    "drk": Provider(
        "DRK Kreisverband Lindenau", "Am Park", "02361 40 57 00", "kontakt@drk-lindenau.demo"
    ),
    "diakoniestation": Provider(
        "Diakoniestation Lindenau", "Am Park", "02361 40 62 20", "pflege@diakonie-lindenau.demo"
    ),
    "nachbarn-nord": Provider(
        "Nachbarschaftsverein Nordviertel e. V.",
        "Nordviertel",
        "02361 41 18 44",
        "hallo@nachbarn-nordviertel.demo",
    ),
    "buecherei": Provider(
        "Stadtbücherei Lindenau", "Altstadt", "02361 50 12 30", "buecherei@lindenau.demo"
    ),
    "vhs": Provider(
        "Volkshochschule Lindenau", "Altstadt", "02361 50 14 00", "anmeldung@vhs-lindenau.demo"
    ),
    "ev-lindenau": Provider(
        "Ev. Kirchengemeinde Lindenau",
        "Nordviertel",
        "02361 42 07 70",
        "gemeindebuero@ev-lindenau.demo",
    ),
    "hospiz": Provider(
        "Hospizverein Lindenau e. V.",
        "Am Park",
        "02361 43 90 90",
        "begleitung@hospiz-lindenau.demo",
    ),
    "seniorenbeirat": Provider(
        "Seniorenbeirat der Stadt Lindenau",
        "Altstadt",
        "02361 50 10 80",
        "seniorenbeirat@lindenau.demo",
    ),
    "pflegestuetzpunkt": Provider(
        "Pflegestützpunkt Kreis Lindenau",
        "Altstadt",
        "02361 53 40 00",
        "pflegestuetzpunkt@kreis-lindenau.demo",
    ),
    "buergerbus": Provider(
        "Bürgerbus Lindenau e. V.",
        "Nordviertel",
        "02361 44 55 66",
        "fahrt@buergerbus-lindenau.demo",
    ),
    "tus": Provider(
        "TuS Lindenau 1911 e. V.", "Am Park", "02361 45 19 11", "sport@tus-lindenau.demo"
    ),
    "alzheimer": Provider(
        "Alzheimer Gesellschaft Kreis Lindenau e. V.",
        "Nordviertel",
        "02361 46 02 02",
        "rat@alzheimer-lindenau.demo",
    ),
    "sanitaetshaus": Provider(
        "Sanitätshaus Vogt", "Altstadt", "02361 47 31 31", "service@sanitaetshaus-vogt.demo"
    ),
    "verbraucherzentrale": Provider(
        "Verbraucherzentrale, Beratungsstelle Lindenau",
        "Altstadt",
        "02361 48 80 80",
        "lindenau@verbraucherzentrale.demo",
    ),
    "awo-birkenfeld": Provider(
        "AWO Birkenfeld", "Birkenfeld-Mitte", "02364 20 11 00", "kontakt@awo-birkenfeld.demo"
    ),
    "sozialstation": Provider(
        "Caritas-Sozialstation Birkenfeld",
        "Birkenfeld-Mitte",
        "02364 20 45 45",
        "sozialstation@caritas-birkenfeld.demo",
    ),
    "st-josef": Provider(
        "Kath. Kirchengemeinde St. Josef Birkenfeld",
        "Birkenfeld-Mitte",
        "02364 21 30 30",
        "pfarrbuero@st-josef-birkenfeld.demo",
    ),
    "digitaltreff": Provider(
        "Digital-Treff Heide (Nachbarschaftsinitiative)",
        "Heide",
        "02364 22 40 40",
        "fragen@digitaltreff-heide.demo",
    ),
    "buergerhaus": Provider(
        "Bürgerhaus Sonnenhang", "Sonnenhang", "02364 23 50 50", "buergerhaus@sonnenhang.demo"
    ),
    "mgh": Provider(
        "Mehrgenerationenhaus Birkenfeld",
        "Heide",
        "02364 24 60 60",
        "mgh@birkenfeld.demo",
    ),
    "genossenschaft": Provider(
        "Wohnungsgenossenschaft Birkenfeld eG",
        "Sonnenhang",
        "02364 25 70 70",
        "mieterservice@wg-birkenfeld.demo",
    ),
    "dorfgemeinschaft": Provider(
        "Dorfgemeinschaft Erlenbach e. V.",
        "Erlenbach-Dorf",
        "02365 30 10 10",
        "vorstand@dorf-erlenbach.demo",
    ),
    "landfrauen": Provider(
        "Landfrauen Erlenbach", "Erlenbach-Dorf", "02365 30 22 22", "landfrauen@erlenbach.demo"
    ),
    "drk-erlenbach": Provider(
        "DRK Ortsverein Erlenbach", "Erlenbach-Dorf", "02365 30 33 33", "ov@drk-erlenbach.demo"
    ),
    "ev-muehlental": Provider(
        "Ev. Kirchengemeinde Mühlental",
        "Mühlental",
        "02365 31 44 44",
        "gemeinde@ev-muehlental.demo",
    ),
    "tagespflege-muehlental": Provider(
        "Tagespflege Mühlental GmbH",
        "Mühlental",
        "02365 31 55 55",
        "aufnahme@tagespflege-muehlental.demo",
    ),
    "apotheke": Provider(
        "Apotheke am Markt Erlenbach",
        "Erlenbach-Dorf",
        "02365 30 66 66",
        "bestellung@apotheke-erlenbach.demo",
    ),
}

WEEKDAYS = "MO,TU,WE,TH,FR"


@dataclass(frozen=True)
class Offer:
    provider: str
    name: str
    topic: str
    group: str
    description: str
    # Where it takes place: the place's name, its street, its quarter.
    place: str
    street: str
    quarter: str
    # (days, opens at hour, closes at hour); days "1WE" mean the first Wednesday of a month.
    hours: tuple[tuple[str, int, int], ...]
    cost: str = "kostenlos"
    fee: Decimal | None = None
    step_free: bool = True
    reach: str = "komm"
    staffing: str = "ehrenamtlich"
    languages: tuple[str, ...] = ("de",)
    recognised_45a: bool = False
    subtopic: str = ""


OFFERS = [
    # Lindenau, Altstadt
    Offer(
        "awo-lindenau",
        "Seniorentreff in der AWO-Begegnungsstätte",
        "begegnung",
        "aeltere",
        "Ein offener Treff mit Kaffee, Kuchen und Gesprächen. Jeden Nachmittag sind "
        "Ehrenamtliche da. Neue Gäste sind herzlich willkommen, eine Anmeldung ist nicht nötig.",
        "AWO-Begegnungsstätte",
        "Kirchplatz 4",
        "Altstadt",
        ((WEEKDAYS, 14, 17),),
        cost="spende",
        subtopic="Seniorentreff",
    ),
    Offer(
        "awo-lindenau",
        "Mittagstisch am Kirchplatz",
        "begegnung",
        "aeltere",
        "Gemeinsam zu Mittag essen: ein warmes Essen mit Nachtisch, auch vegetarisch. "
        "Bitte melden Sie sich bis zum Vortag an.",
        "AWO-Begegnungsstätte",
        "Kirchplatz 4",
        "Altstadt",
        (("MO,WE,FR", 12, 14),),
        cost="beitrag",
        fee=Decimal("5.50"),
        subtopic="Mittagstisch",
    ),
    Offer(
        "caritas",
        "Allgemeine Sozialberatung",
        "beratung",
        "aeltere",
        "Wir helfen bei Anträgen, bei Schulden und bei Fragen zu Rente, Grundsicherung und "
        "Wohngeld. Die Beratung ist vertraulich.",
        "Caritas-Haus",
        "Bahnhofstraße 12",
        "Altstadt",
        (("MO,TU,TH", 9, 12), ("TH", 14, 17)),
        staffing="hauptamtlich",
        languages=("de", "tr"),
        subtopic="Sozialberatung",
    ),
    Offer(
        "caritas",
        "Schuldnerberatung",
        "recht-finanzen",
        "aeltere",
        "Sie haben Schulden oder können Rechnungen nicht mehr bezahlen? Wir sehen uns Ihre "
        "Lage in Ruhe an und suchen mit Ihnen einen Weg.",
        "Caritas-Haus",
        "Bahnhofstraße 12",
        "Altstadt",
        (("WE", 9, 13),),
        staffing="hauptamtlich",
    ),
    Offer(
        "pflegestuetzpunkt",
        "Pflegeberatung im Pflegestützpunkt",
        "pflege",
        "angehoerige",
        "Wir beraten Sie und Ihre Angehörigen zu Pflegegrad, Pflegegeld, Entlastungsbetrag und "
        "Kurzzeitpflege. Auf Wunsch kommen wir auch zu Ihnen nach Hause.",
        "Kreishaus, Eingang B",
        "Kurt-Schumacher-Allee 1",
        "Altstadt",
        ((WEEKDAYS, 8, 12), ("TU,TH", 14, 16)),
        staffing="hauptamtlich",
        languages=("de", "tr", "ru"),
        subtopic="Pflegeberatung",
    ),
    Offer(
        "pflegestuetzpunkt",
        "Hilfe beim Antrag auf einen Pflegegrad",
        "pflege",
        "pflegebeduerftige",
        "Wir erklären, wie Sie einen Pflegegrad bei der Pflegekasse beantragen, füllen den "
        "Antrag mit Ihnen aus und bereiten Sie auf den Besuch des Medizinischen Dienstes vor.",
        "Kreishaus, Eingang B",
        "Kurt-Schumacher-Allee 1",
        "Altstadt",
        (("WE", 9, 12),),
        staffing="hauptamtlich",
        reach="geh",
    ),
    Offer(
        "buecherei",
        "Vorlesenachmittag in der Stadtbücherei",
        "kultur",
        "aeltere",
        "Ehrenamtliche lesen Geschichten und Gedichte vor, danach gibt es Tee und Gespräche. "
        "Großdruckbücher und Hörbücher können Sie gleich ausleihen.",
        "Stadtbücherei",
        "Markt 2",
        "Altstadt",
        (("1TH", 15, 17),),
        subtopic="Lesen und Vorlesen",
    ),
    Offer(
        "buecherei",
        "Bücher-Bringdienst",
        "kultur",
        "hochaltrige",
        "Sie kommen nicht mehr selbst in die Bücherei? Wir bringen Ihnen Bücher, Hörbücher und "
        "Zeitschriften alle zwei Wochen nach Hause.",
        "Stadtbücherei",
        "Markt 2",
        "Altstadt",
        (("TU", 10, 12),),
        reach="geh",
        subtopic="Lesen und Vorlesen",
    ),
    Offer(
        "vhs",
        "Smartphone-Kurs für Einsteiger",
        "digitales",
        "aeltere",
        "In vier Treffen lernen Sie Ihr Handy kennen: telefonieren, Fotos schicken, WhatsApp "
        "und Videoanrufe mit den Enkeln. Bringen Sie Ihr eigenes Gerät mit.",
        "VHS-Haus",
        "Schulstraße 9",
        "Altstadt",
        (("MO", 10, 12),),
        cost="beitrag",
        fee=Decimal("24"),
        staffing="hauptamtlich",
        subtopic="Handy und Smartphone",
    ),
    Offer(
        "vhs",
        "Gedächtnistraining",
        "gesundheit",
        "aeltere",
        "Mit Spielen, Rätseln und Übungen bleibt der Kopf beweglich. In kleiner Gruppe, "
        "mit viel Spaß und ohne Druck.",
        "VHS-Haus",
        "Schulstraße 9",
        "Altstadt",
        (("TH", 10, 11),),
        cost="beitrag",
        fee=Decimal("30"),
        staffing="hauptamtlich",
    ),
    Offer(
        "seniorenbeirat",
        "Sprechstunde des Seniorenbeirats",
        "beratung",
        "aeltere",
        "Sagen Sie uns, was in Lindenau für ältere Menschen fehlt oder besser werden muss. "
        "Wir tragen Ihre Anliegen in den Stadtrat.",
        "Rathaus, Zimmer 104",
        "Markt 1",
        "Altstadt",
        (("1MO", 10, 12),),
    ),
    Offer(
        "sanitaetshaus",
        "Rollator-Check und Rollator-Training",
        "hilfsmittel",
        "aeltere",
        "Wir prüfen Bremsen, Griffe und Räder Ihres Rollators kostenlos und üben mit Ihnen "
        "Bordsteine, Bus und Treppen.",
        "Sanitätshaus Vogt",
        "Lindenallee 20",
        "Altstadt",
        (("TU,TH", 9, 12),),
        staffing="hauptamtlich",
        subtopic="Rollator und Rollstuhl",
    ),
    Offer(
        "verbraucherzentrale",
        "Beratung zu Verträgen, Strom und Heizkosten",
        "recht-finanzen",
        "aeltere",
        "Haustürgeschäfte, Telefonverträge, hohe Nebenkosten: Wir prüfen Ihre Unterlagen und "
        "sagen Ihnen, was Sie tun können.",
        "Beratungsstelle",
        "Bahnhofstraße 30",
        "Altstadt",
        (("TU", 10, 13), ("TH", 14, 18)),
        cost="beitrag",
        fee=Decimal("10"),
        staffing="hauptamtlich",
        step_free=False,
    ),
    # Lindenau, Nordviertel
    Offer(
        "nachbarn-nord",
        "Einkaufshilfe im Nordviertel",
        "einkaufen",
        "hochaltrige",
        "Ehrenamtliche Nachbarinnen und Nachbarn gehen für Sie einkaufen oder begleiten Sie "
        "zum Supermarkt. Rufen Sie uns einen Tag vorher an.",
        "Nachbarschaftsladen",
        "Gartenweg 3",
        "Nordviertel",
        ((WEEKDAYS, 9, 11),),
        reach="geh",
        subtopic="Einkaufshilfe",
    ),
    Offer(
        "nachbarn-nord",
        "Nachbarschaftscafé",
        "begegnung",
        "aeltere",
        "Jeden Mittwoch Kaffee und Waffeln im Nachbarschaftsladen. Hier lernen Sie Menschen "
        "aus dem Viertel kennen.",
        "Nachbarschaftsladen",
        "Gartenweg 3",
        "Nordviertel",
        (("WE", 15, 17),),
        cost="spende",
    ),
    Offer(
        "ev-lindenau",
        "Besuchsdienst der Kirchengemeinde",
        "ehrenamt",
        "hochaltrige",
        "Ehrenamtliche besuchen Sie regelmäßig zu Hause: zum Reden, Vorlesen oder für einen "
        "Spaziergang. Sie müssen nicht in der Kirche sein.",
        "Gemeindehaus",
        "Nordring 15",
        "Nordviertel",
        ((WEEKDAYS, 10, 12),),
        reach="geh",
        subtopic="Besuchsdienst",
    ),
    Offer(
        "ev-lindenau",
        "Trauercafé „Lichtblick“",
        "trauer-krisen",
        "aeltere",
        "Ein geschützter Ort für Menschen, die einen lieben Menschen verloren haben. "
        "Erzählen, zuhören oder einfach da sein.",
        "Gemeindehaus",
        "Nordring 15",
        "Nordviertel",
        (("2SA", 15, 17),),
        subtopic="Trauerbegleitung",
    ),
    Offer(
        "alzheimer",
        "Demenzcafé „Vergissmeinnicht“",
        "begegnung",
        "demenz",
        "Menschen mit Demenz und ihre Angehörigen verbringen einen Nachmittag mit Musik, "
        "Kaffee und Bewegung. Angehörige können sich austauschen oder eine Pause machen.",
        "Gemeindehaus",
        "Nordring 15",
        "Nordviertel",
        (("2WE", 14, 17),),
        cost="spende",
        staffing="gemischt",
    ),
    Offer(
        "alzheimer",
        "Demenzberatung für Angehörige",
        "beratung",
        "angehoerige",
        "Ihr Vater oder Ihre Frau vergisst immer mehr? Wir erklären die Krankheit, geben Tipps "
        "für den Alltag und zeigen, welche Hilfe es gibt.",
        "Beratungsbüro",
        "Nordring 22",
        "Nordviertel",
        (("TU", 9, 12), ("TH", 15, 18)),
        staffing="hauptamtlich",
    ),
    Offer(
        "buergerbus",
        "Bürgerbus Lindenau",
        "mobilitaet",
        "aeltere",
        "Der Bürgerbus fährt stündlich durch Nordviertel, Altstadt und Am Park, auch zu "
        "Ärzten und zum Friedhof. Der Bus hat eine Rampe für Rollator und Rollstuhl.",
        "Haltestelle Nordplatz",
        "Nordplatz",
        "Nordviertel",
        ((WEEKDAYS, 8, 18), ("SA", 8, 13)),
        cost="beitrag",
        fee=Decimal("1.50"),
        subtopic="Fahrdienst",
    ),
    # Lindenau, Am Park
    Offer(
        "drk",
        "Hausnotruf",
        "pflege",
        "hochaltrige",
        "Ein Knopf am Handgelenk: Wenn Sie stürzen oder Hilfe brauchen, drücken Sie ihn und "
        "sprechen sofort mit unserer Zentrale. Tag und Nacht.",
        "DRK-Zentrum",
        "Parkstraße 8",
        "Am Park",
        ((WEEKDAYS, 8, 16),),
        cost="beitrag",
        fee=Decimal("25.50"),
        staffing="hauptamtlich",
        reach="geh",
    ),
    Offer(
        "drk",
        "Seniorengymnastik im DRK-Zentrum",
        "gesundheit",
        "aeltere",
        "Sanfte Bewegung im Sitzen und Stehen: für Gleichgewicht, Kraft und gute Laune. "
        "Auch für Menschen mit Rollator geeignet.",
        "DRK-Zentrum",
        "Parkstraße 8",
        "Am Park",
        (("MO,TH", 10, 11),),
        cost="beitrag",
        fee=Decimal("3"),
        subtopic="Bewegung und Sport",
    ),
    Offer(
        "drk",
        "Fahrdienst zum Arzt",
        "mobilitaet",
        "pflegebeduerftige",
        "Wir holen Sie zu Hause ab, fahren Sie zum Arzt oder ins Krankenhaus und wieder zurück. "
        "Bitte zwei Tage vorher anmelden.",
        "DRK-Zentrum",
        "Parkstraße 8",
        "Am Park",
        ((WEEKDAYS, 7, 17),),
        cost="beitrag",
        fee=Decimal("12"),
        staffing="hauptamtlich",
        reach="geh",
        subtopic="Fahrdienst",
    ),
    Offer(
        "diakoniestation",
        "Ambulante Pflege zu Hause",
        "pflege",
        "pflegebeduerftige",
        "Unsere Pflegekräfte kommen zu Ihnen: Körperpflege, Medikamente, Verbände. "
        "Wir rechnen direkt mit der Pflegekasse ab.",
        "Diakoniestation",
        "Am Stadtpark 5",
        "Am Park",
        ((WEEKDAYS, 8, 16),),
        cost="beitrag",
        staffing="hauptamtlich",
        reach="geh",
    ),
    Offer(
        "diakoniestation",
        "Pflegekurs für Angehörige",
        "pflege",
        "angehoerige",
        "Sie pflegen jemanden zu Hause? In drei Abenden lernen Sie Handgriffe, die den Rücken "
        "schonen, und wo Sie Entlastung bekommen. Die Pflegekasse bezahlt den Kurs.",
        "Diakoniestation",
        "Am Stadtpark 5",
        "Am Park",
        (("1TU", 18, 20),),
        staffing="hauptamtlich",
    ),
    Offer(
        "hospiz",
        "Ambulante Hospizbegleitung",
        "trauer-krisen",
        "pflegebeduerftige",
        "Ausgebildete Ehrenamtliche begleiten schwer kranke Menschen und ihre Familien zu Hause, "
        "im Heim oder im Krankenhaus. Wir arbeiten mit der Palliativversorgung zusammen.",
        "Hospizbüro",
        "Lindenallee 41",
        "Am Park",
        ((WEEKDAYS, 9, 13),),
        reach="geh",
        staffing="gemischt",
    ),
    Offer(
        "tus",
        "Sitztanz",
        "gesundheit",
        "hochaltrige",
        "Tanzen im Sitzen zu Schlagern und Volksmusik. Das hält beweglich und macht Freude, "
        "auch wenn das Gehen schwerfällt.",
        "Vereinsheim am Stadtpark",
        "Am Stadtpark 12",
        "Am Park",
        (("WE", 10, 11),),
        cost="beitrag",
        fee=Decimal("2"),
        subtopic="Bewegung und Sport",
    ),
    Offer(
        "tus",
        "Rehasport bei Arthrose",
        "gesundheit",
        "aeltere",
        "Übungen für Gelenke und Rücken unter Anleitung einer Übungsleiterin. Mit ärztlicher "
        "Verordnung übernimmt die Krankenkasse die Kosten.",
        "Vereinsheim am Stadtpark",
        "Am Stadtpark 12",
        "Am Park",
        (("TU,FR", 9, 10),),
        staffing="hauptamtlich",
        subtopic="Bewegung und Sport",
    ),
    # Birkenfeld
    Offer(
        "awo-birkenfeld",
        "Essen auf Rädern",
        "einkaufen",
        "pflegebeduerftige",
        "Wir bringen Ihnen jeden Tag ein warmes Mittagessen nach Hause, auch Schonkost und "
        "Diabetikerkost. Sie wählen aus fünf Gerichten.",
        "AWO-Küche",
        "Hauptstraße 61",
        "Birkenfeld-Mitte",
        ((WEEKDAYS, 11, 13), ("SA", 11, 13)),
        cost="beitrag",
        fee=Decimal("7.90"),
        staffing="hauptamtlich",
        reach="geh",
        subtopic="Essen auf Rädern",
    ),
    Offer(
        "sozialstation",
        "Hilfe im Haushalt",
        "dienstleistungen",
        "pflegebeduerftige",
        "Wir putzen, waschen Wäsche und kaufen ein. Anerkannt nach § 45a SGB XI: Mit Pflegegrad "
        "bezahlt die Pflegekasse über den Entlastungsbetrag.",
        "Sozialstation",
        "Kirchstraße 2",
        "Birkenfeld-Mitte",
        ((WEEKDAYS, 8, 15),),
        cost="beitrag",
        fee=Decimal("32"),
        staffing="hauptamtlich",
        reach="geh",
        recognised_45a=True,
        subtopic="Haushaltshilfe",
    ),
    Offer(
        "sozialstation",
        "Tagespflege St. Josef",
        "pflege",
        "demenz",
        "Tagsüber gut betreut, abends wieder zu Hause: mit Frühstück, Mittagessen, Gymnastik "
        "und Ruhezeiten. Wir holen Sie morgens ab und bringen Sie zurück.",
        "Tagespflege St. Josef",
        "Kirchstraße 4",
        "Birkenfeld-Mitte",
        ((WEEKDAYS, 8, 16),),
        cost="beitrag",
        staffing="hauptamtlich",
        subtopic="Tagespflege",
    ),
    Offer(
        "st-josef",
        "Seniorenfrühstück",
        "begegnung",
        "aeltere",
        "Einmal im Monat frühstücken wir gemeinsam im Pfarrheim, danach gibt es einen kleinen "
        "Vortrag oder Musik.",
        "Pfarrheim St. Josef",
        "Kirchstraße 6",
        "Birkenfeld-Mitte",
        (("1WE", 9, 11),),
        cost="beitrag",
        fee=Decimal("4"),
    ),
    Offer(
        "digitaltreff",
        "Handy-Sprechstunde",
        "digitales",
        "aeltere",
        "Digital-Helfer erklären Ihnen Ihr Smartphone oder Tablet in Ruhe, Schritt für Schritt. "
        "Bringen Sie Ihr Gerät und Ihre Fragen mit. Ohne Anmeldung.",
        "Bürgerhaus Heide, Raum 2",
        "Heideweg 10",
        "Heide",
        (("TU", 15, 17),),
        subtopic="Handy und Smartphone",
    ),
    Offer(
        "mgh",
        "Computer-Café",
        "digitales",
        "aeltere",
        "Jugendliche aus dem Mehrgenerationenhaus helfen bei E-Mails, Online-Banking und "
        "Terminbuchungen im Internet. Kaffee gibt es auch.",
        "Mehrgenerationenhaus",
        "Heideweg 24",
        "Heide",
        (("TH", 16, 18),),
    ),
    Offer(
        "mgh",
        "Mittagstisch für alle Generationen",
        "begegnung",
        "familien",
        "Jung und Alt essen zusammen zu Mittag. Das Essen ist frisch gekocht und günstig.",
        "Mehrgenerationenhaus",
        "Heideweg 24",
        "Heide",
        (("TU,TH", 12, 14),),
        cost="beitrag",
        fee=Decimal("4.50"),
        staffing="gemischt",
        languages=("de", "tr", "ar"),
        subtopic="Mittagstisch",
    ),
    Offer(
        "buergerhaus",
        "Spielenachmittag",
        "freizeit",
        "aeltere",
        "Rommé, Skat, Mensch ärgere dich nicht und gute Gesellschaft. Spiele sind vorhanden.",
        "Bürgerhaus Sonnenhang",
        "Am Sonnenhang 1",
        "Sonnenhang",
        (("MO", 14, 17),),
        subtopic="Spiele",
    ),
    Offer(
        "buergerhaus",
        "Offener Singkreis",
        "kultur",
        "aeltere",
        "Wir singen Volkslieder und Schlager, begleitet von Klavier. Noten brauchen Sie nicht, "
        "die Texte gibt es in großer Schrift.",
        "Bürgerhaus Sonnenhang",
        "Am Sonnenhang 1",
        "Sonnenhang",
        (("TH", 15, 16),),
        cost="spende",
        subtopic="Musik",
    ),
    Offer(
        "genossenschaft",
        "Wohnberatung: sicher wohnen ohne Stufen",
        "wohnen",
        "aeltere",
        "Wir kommen zu Ihnen und zeigen, wie Bad, Flur und Eingang sicherer werden: "
        "Haltegriffe, Dusche statt Wanne, Rampen. Wir sagen auch, wer Umbauten bezahlt.",
        "Mieterbüro",
        "Sonnenstraße 14",
        "Sonnenhang",
        (("MO,WE", 9, 12),),
        staffing="hauptamtlich",
        reach="geh",
        subtopic="Wohnberatung",
    ),
    # Erlenbach
    Offer(
        "dorfgemeinschaft",
        "Dorfcafé im Alten Bahnhof",
        "begegnung",
        "aeltere",
        "Jeden Sonntag Kuchen, Kaffee und Neuigkeiten aus dem Dorf. Alle sind willkommen.",
        "Alter Bahnhof",
        "Bahnhofsweg 1",
        "Erlenbach-Dorf",
        (("SU", 14, 17),),
        cost="spende",
    ),
    Offer(
        "dorfgemeinschaft",
        "Mitfahrbank und Fahrdienst Erlenbach",
        "mobilitaet",
        "aeltere",
        "Setzen Sie sich auf die Mitfahrbank am Dorfplatz, Nachbarn nehmen Sie mit nach "
        "Lindenau. Für Arztbesuche fahren Ehrenamtliche Sie auf Anruf.",
        "Dorfplatz",
        "Dorfplatz",
        "Erlenbach-Dorf",
        ((WEEKDAYS, 8, 12),),
        reach="geh",
        subtopic="Fahrdienst",
    ),
    Offer(
        "landfrauen",
        "Kochen für Alleinlebende",
        "gesundheit",
        "aeltere",
        "Einfache, gesunde Gerichte für eine Person: Wir kochen gemeinsam und essen danach "
        "zusammen.",
        "Dorfgemeinschaftshaus",
        "Schulweg 5",
        "Erlenbach-Dorf",
        (("3TH", 10, 13),),
        cost="beitrag",
        fee=Decimal("6"),
    ),
    Offer(
        "drk-erlenbach",
        "Blutdruck messen und Gesundheitsfragen",
        "gesundheit",
        "aeltere",
        "Ehrenamtliche mit medizinischer Ausbildung messen Ihren Blutdruck und Blutzucker und "
        "beantworten Fragen. Ohne Anmeldung.",
        "Dorfgemeinschaftshaus",
        "Schulweg 5",
        "Erlenbach-Dorf",
        (("1FR", 9, 11),),
        subtopic="Arztbesuch",
    ),
    Offer(
        "apotheke",
        "Medikamenten-Bringdienst",
        "gesundheit",
        "hochaltrige",
        "Wir bringen Ihre Medikamente noch am selben Tag nach Hause. Das Rezept holen wir auf "
        "Wunsch bei Ihrer Ärztin oder Ihrem Arzt ab.",
        "Apotheke am Markt",
        "Markt 7",
        "Erlenbach-Dorf",
        ((WEEKDAYS, 8, 18), ("SA", 8, 13)),
        staffing="hauptamtlich",
        reach="geh",
    ),
    Offer(
        "ev-muehlental",
        "Seniorennachmittag Mühlental",
        "freizeit",
        "aeltere",
        "Kaffee, Geschichten, Ausflüge in die Umgebung: Jeden zweiten Donnerstag treffen wir "
        "uns im Gemeindehaus.",
        "Gemeindehaus Mühlental",
        "Mühlenweg 3",
        "Mühlental",
        (("2TH", 15, 17),),
        step_free=False,
        subtopic="Ausflüge",
    ),
    Offer(
        "tagespflege-muehlental",
        "Tagespflege „Alte Mühle“",
        "pflege",
        "pflegebeduerftige",
        "Betreuung am Tag in einer alten Wassermühle: mit Garten, Tieren und gemeinsamen "
        "Mahlzeiten. Schnuppertage sind kostenlos.",
        "Alte Mühle",
        "Mühlenweg 11",
        "Mühlental",
        ((WEEKDAYS, 8, 16),),
        cost="beitrag",
        staffing="hauptamtlich",
        subtopic="Tagespflege",
    ),
    Offer(
        "ev-muehlental",
        "Gesprächskreis für pflegende Angehörige",
        "beratung",
        "angehoerige",
        "Pflegen ist schwer. Hier treffen Sie Menschen, die das kennen. Eine Fachkraft der "
        "Tagespflege ist dabei.",
        "Gemeindehaus Mühlental",
        "Mühlenweg 3",
        "Mühlental",
        (("4MO", 18, 20),),
        step_free=False,
    ),
]
