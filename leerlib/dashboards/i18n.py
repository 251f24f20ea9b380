"""The dashboards' words in Dutch (default) and English, and a lookup that never fails silently."""

from __future__ import annotations

__all__ = ["LANGUAGES", "STRINGS", "t"]

LANGUAGES = ("nl", "en")

#: key -> {"nl": ..., "en": ...}. Placeholders use str.format names.
STRINGS: dict[str, dict[str, str]] = {
    # shared ---------------------------------------------------------------------------
    "direction": {
        "nl": "Een pijl van A naar B betekent: A gaat bij B te rade.",
        "en": "An arrow from A to B means: A turns to B for advice.",
    },
    "all_topics": {"nl": "Alle thema's", "en": "All topics"},
    "round": {"nl": "Ronde", "en": "Round"},
    "topic": {"nl": "Thema", "en": "Topic"},
    "error_title": {"nl": "Dat lukte niet", "en": "That did not work"},
    "error_generic": {
        "nl": "Er ging iets onverwachts mis. Probeer het opnieuw; blijft het misgaan, meld het dan "
        "aan de beheerder (de details staan in het serverlog).",
        "en": "Something unexpected went wrong. Please try again; if it keeps failing, tell the "
        "administrator (the details are in the server log).",
    },
    "nobody": {"nl": "(niemand)", "en": "(nobody)"},
    "person": {"nl": "Persoon", "en": "Person"},
    "colleague": {"nl": "Een collega", "en": "A colleague"},
    "other_teams": {"nl": "andere of kleine teams", "en": "other or small teams"},
    "team": {"nl": "Team", "en": "Team"},
    "school": {"nl": "School", "en": "School"},
    "role": {"nl": "Rol", "en": "Role"},
    "cluster": {"nl": "Cluster", "en": "Cluster"},
    "hidden_small": {
        "nl": "Groepen kleiner dan {n} personen zijn verborgen (privacy).",
        "en": "Groups smaller than {n} people are hidden (privacy).",
    },
    # overview: header and tabs ---------------------------------------------------------
    "overview_title": {"nl": "Netwerk in beeld", "en": "Network overview"},
    "overview_subtitle": {
        "nl": "Wie leert van wie in de organisatie, per thema, team en school.",
        "en": "Who learns from whom in the organisation, by topic, team and school.",
    },
    "tab_map": {"nl": "Kaart", "en": "Map"},
    "tab_figures": {"nl": "Kerncijfers", "en": "Key figures"},
    "tab_people": {"nl": "Vraagbaken en bruggen", "en": "Go-to people and bridges"},
    "tab_teams": {"nl": "Teams", "en": "Teams"},
    "tab_data": {"nl": "Gegevens", "en": "Data"},
    "tab_downloads": {"nl": "Downloaden", "en": "Downloads"},
    "color_by": {"nl": "Kleur naar", "en": "Colour by"},
    "size_by": {"nl": "Grootte naar", "en": "Size by"},
    "show_names": {"nl": "Namen tonen", "en": "Show names"},
    "names_no_consent": {
        "nl": "Namen zijn verborgen: de vragenlijst vroeg geen toestemming om namen te tonen.",
        "en": "Names are hidden: the survey did not ask consent to show names.",
    },
    "names_hidden": {
        "nl": "Personen staan er onder een schuilnaam (pseudoniem).",
        "en": "People are shown under a pseudonym.",
    },
    "size_in_degree": {"nl": "Vaak gevraagd (vraagbaak)", "en": "Sought after (go-to person)"},
    "size_betweenness": {"nl": "Brugfunctie", "en": "Broker"},
    "size_out_degree": {"nl": "Zoekt anderen op", "en": "Seeks out others"},
    "map_caption": {
        "nl": "{n_people} personen en {n_ties} relaties. {direction}",
        "en": "{n_people} people and {n_ties} ties. {direction}",
    },
    # key figures -----------------------------------------------------------------------
    "fig_people": {"nl": "Personen", "en": "People"},
    "fig_people_text": {
        "nl": "{internal} collega's in het personeelsbestand, plus {external} contacten van buiten.",
        "en": "{internal} colleagues on the staff list, plus {external} contacts from outside.",
    },
    "fig_response": {"nl": "Respons", "en": "Response rate"},
    "fig_response_text": {
        "nl": "{pct} van de collega's vulde de vragenlijst in; wie niet antwoordde kan wel genoemd "
        "zijn, maar wie zij zelf raadplegen weten we niet.",
        "en": "{pct} of colleagues answered the survey; those who did not can still be named, but "
        "we do not know whom they turn to.",
    },
    "fig_ties": {"nl": "Relaties", "en": "Ties"},
    "fig_density": {"nl": "Dichtheid", "en": "Density"},
    "fig_reciprocity": {"nl": "Wederkerigheid", "en": "Reciprocity"},
    "fig_reciprocity_text": {
        "nl": "{pct} van de relaties gaat twee kanten op: ze leren van elkaar.",
        "en": "{pct} of ties go both ways: they learn from each other.",
    },
    "fig_isolates": {"nl": "Zonder relaties", "en": "Without ties"},
    "fig_isolates_text": {
        "nl": "Zoveel collega's noemden niemand en werden door niemand genoemd.",
        "en": "This many colleagues named nobody and were named by nobody.",
    },
    "fig_clusters": {"nl": "Clusters", "en": "Clusters"},
    "fig_cross": {"nl": "Over teamgrenzen", "en": "Across teams"},
    "fig_cross_text": {
        "nl": "{pct} van de relaties verbindt mensen uit verschillende teams.",
        "en": "{pct} of ties connect people from different teams.",
    },
    # lists -----------------------------------------------------------------------------
    "goto_title": {"nl": "Vraagbaken per thema", "en": "Go-to people per topic"},
    "goto_text": {
        "nl": "Collega's die het vaakst worden genoemd als iemand bij wie je te rade gaat.",
        "en": "Colleagues named most often as someone people turn to.",
    },
    "brokers_title": {"nl": "Bruggenbouwers tussen teams", "en": "Brokers between teams"},
    "brokers_text": {
        "nl": "Collega's die teams verbinden die anders weinig van elkaar leren.",
        "en": "Colleagues who connect teams that otherwise learn little from each other.",
    },
    "edge_title": {"nl": "Aan de rand", "en": "On the edge"},
    "edge_text": {
        "nl": "Collega's die weinig of niet genoemd worden. Een gesprek waard, geen oordeel: "
        "wie de vragenlijst niet invulde kan hier ten onrechte staan.",
        "en": "Colleagues who are named rarely or never. Worth a conversation, not a judgement: "
        "people who did not answer the survey may be here by mistake.",
    },
    "col_named_by": {"nl": "Genoemd door", "en": "Named by"},
    "col_responded": {"nl": "Vulde in", "en": "Answered"},
    "col_teams_reached": {"nl": "Teams bereikt", "en": "Teams reached"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    # teams -----------------------------------------------------------------------------
    "teams_group_by": {"nl": "Groeperen naar", "en": "Group by"},
    # data ------------------------------------------------------------------------------
    "data_title": {"nl": "Eigen gegevens laden", "en": "Load your own data"},
    "data_text": {
        "nl": "Standaard ziet u voorbeeldgegevens. Kies een personeelslijst, een export uit het "
        "enquêteprogramma en een codeboek (een TOML-bestand dat zegt welke kolom welke vraag is), "
        "en klik op Laden. De bestanden blijven in het geheugen van deze sessie en worden nergens "
        "opgeslagen.",
        "en": "You are looking at sample data. Choose a staff list, a survey export and a "
        "codebook (a TOML file that says which column holds which question), and click Load. The "
        "files stay in this session's memory and are never saved.",
    },
    "upload_roster": {"nl": "Personeelslijst", "en": "Staff list"},
    "upload_export": {"nl": "Export", "en": "Export"},
    "upload_codebook": {"nl": "Codeboek", "en": "Codebook"},
    "load": {"nl": "Laden", "en": "Load"},
    "load_missing": {
        "nl": "Kies eerst: {missing}. (De personeelslijst mag ontbreken; dan komen de personen uit "
        "de export.)",
        "en": "Please choose first: {missing}. (The staff list may be left out; people then come "
        "from the export.)",
    },
    "report_title": {"nl": "Opschoonverslag", "en": "Cleaning report"},
    "report_summary": {
        "nl": "{n} regels: wat er met elke genoemde naam gebeurde die geen relatie werd.",
        "en": "{n} rows: what happened to every named person that did not become a tie.",
    },
    "report_empty": {
        "nl": "Niets bijzonders: alles werd een relatie.",
        "en": "Nothing to report: everything became a tie.",
    },
    "report_all_reasons": {"nl": "alle redenen ({n})", "en": "all reasons ({n})"},
    "report_rows": {
        "nl": "Regels {first} tot en met {last} van {total}.",
        "en": "Rows {first} to {last} of {total}.",
    },
    "report_rows_none": {"nl": "Geen regels met deze reden.", "en": "No rows with this reason."},
    "report_prev": {"nl": "Vorige", "en": "Previous"},
    "report_next": {"nl": "Volgende", "en": "Next"},
    "report_download": {
        "nl": "Opschoonverslag downloaden (Excel, {n} regels)",
        "en": "Download the cleaning report (Excel, {n} rows)",
    },
    "report_download_one": {
        "nl": "Opschoonverslag downloaden (Excel, 1 regel)",
        "en": "Download the cleaning report (Excel, 1 row)",
    },
    # data: rounds stored in a workspace ------------------------------------------------
    "data_text_workspace": {
        "nl": "Deze gegevens komen uit de werkruimte van {org}. Een nieuwe ronde toevoegen: kies de "
        "personeelslijst, de export uit het enquêteprogramma en het codeboek, klik op Laden, lees "
        "het opschoonverslag en bevestig de ronde met een naam. Pas dan wordt ze opgeslagen; de "
        "bestanden zelf worden niet bewaard, alleen de opgeschoonde tabellen en een vingerafdruk "
        "van elk bestand.",
        "en": "This data comes from the workspace of {org}. To add a new round: choose the staff "
        "list, the survey export and the codebook, click Load, read the cleaning report and "
        "confirm the round with a name. Only then is it stored; the files themselves are not "
        "kept, only the cleaned tables and a fingerprint of each file.",
    },
    "rounds_title": {
        "nl": "Rondes in de werkruimte van {org}",
        "en": "Rounds in the workspace of {org}",
    },
    "round_label": {"nl": "Omschrijving", "en": "Label"},
    "monitor_title": {
        "nl": "Respons op de open ronde {round}",
        "en": "Responses to the open round {round}",
    },
    "monitor_answered": {"nl": "Beantwoord", "en": "Answered"},
    "monitor_of": {"nl": "{n} van {total}", "en": "{n} of {total}"},
    "monitor_done": {"nl": "Klaar", "en": "Done"},
    "monitor_rate": {"nl": "Respons", "en": "Response rate"},
    "monitor_all": {"nl": "Iedereen", "en": "Everyone"},
    "monitor_note": {
        "nl": "Beantwoord: wie minstens één antwoord gaf; klaar: wie op 'Klaar' drukte. "
        "Per team; wie nog niet antwoordde staat niet op deze pagina.",
        "en": "Answered: who gave at least one answer; done: who pressed 'Done'. Per team; "
        "who has not answered yet is not on this page.",
    },
    "monitor_hidden": {
        "nl": "{n} team(s) met minder dan {k} collega's niet getoond (te klein).",
        "en": "{n} team(s) with fewer than {k} colleagues not shown (too small).",
    },
    "round_imported": {"nl": "Opgeslagen (UTC)", "en": "Stored (UTC)"},
    "round_people": {"nl": "Personen", "en": "People"},
    "round_ties": {"nl": "Relaties", "en": "Ties"},
    "loaded_pending": {
        "nl": "Nog niet opgeslagen: lees het opschoonverslag en bevestig de ronde met een naam.",
        "en": "Not stored yet: read the cleaning report and confirm the round with a name.",
    },
    "report_pending": {
        "nl": "Opschoonverslag van de geladen bestanden (nog niet opgeslagen).",
        "en": "Cleaning report of the loaded files (not stored yet).",
    },
    "round_confirm_text": {
        "nl": "Klopt het verslag? Geef de ronde een naam (bijvoorbeeld het jaar) en sla haar op als "
        "nieuwe ronde.",
        "en": "Does the report look right? Give the round a name (the year, for instance) and "
        "store it as a new round.",
    },
    "round_name": {"nl": "Naam van de ronde", "en": "Name of the round"},
    "round_confirm": {"nl": "Opslaan als nieuwe ronde", "en": "Store as a new round"},
    "round_discard": {"nl": "Niet opslaan", "en": "Do not store"},
    "round_nothing": {
        "nl": "Er is nog niets geladen om op te slaan: kies eerst de bestanden en klik op Laden.",
        "en": "Nothing has been loaded to store yet: choose the files and click Load first.",
    },
    "round_report_first": {
        "nl": "Bekijk eerst het opschoonverslag van de geladen bestanden.",
        "en": "Please look at the cleaning report of the loaded files first.",
    },
    "round_name_missing": {"nl": "Geef de ronde een naam.", "en": "Please give the round a name."},
    "round_exists": {
        "nl": "Er is al een ronde met de naam {name}; kies een andere naam.",
        "en": "There is a round named {name} already; please choose another name.",
    },
    "round_saved": {
        "nl": "Ronde {name} is opgeslagen en staat nu in de lijst.",
        "en": "Round {name} is stored and now in the list.",
    },
    "round_discarded": {
        "nl": "De geladen bestanden zijn niet opgeslagen.",
        "en": "The loaded files were not stored.",
    },
    "round_unknown": {
        "nl": "Er is geen ronde {name}; de werkruimte heeft: {names}.",
        "en": "There is no round {name}; the workspace has: {names}.",
    },
    "workspace_empty": {
        "nl": "De werkruimte van {org} heeft nog geen rondes. Laad er een in het tabblad Gegevens.",
        "en": "The workspace of {org} has no rounds yet. Load one in the Data tab.",
    },
    # downloads -------------------------------------------------------------------------
    "downloads_text": {
        "nl": "Alles wat u downloadt volgt de huidige keuzes (ronde, thema) en de privacy-instelling: "
        "zonder toestemming staan er schuilnamen in plaats van namen.",
        "en": "Every download follows the current choices (round, topic) and the privacy "
        "setting: without consent it holds pseudonyms instead of names.",
    },
    "dl_excel": {
        "nl": "Excel-rapport (een tabblad per tabel)",
        "en": "Excel report (a sheet per table)",
    },
    "dl_map": {"nl": "Kaart als losse HTML-pagina", "en": "Map as a standalone HTML page"},
    "dl_gexf": {"nl": "Netwerk voor Gephi (GEXF)", "en": "Network for Gephi (GEXF)"},
    "dl_graphml": {"nl": "Netwerk als GraphML", "en": "Network as GraphML"},
    "dl_csv": {"nl": "Tabellen als CSV", "en": "Tables as CSV"},
    "dl_make": {"nl": "Maak downloads", "en": "Prepare downloads"},
    # personal --------------------------------------------------------------------------
    "personal_title": {"nl": "Mijn leernetwerk", "en": "My learning network"},
    "personal_subtitle": {
        "nl": "Bij wie ga jij te rade, wie komt bij jou, en bij wie zou je nog kunnen leren?",
        "en": "Whom do you turn to, who comes to you, and whom could you learn from next?",
    },
    "who_are_you": {"nl": "Wie ben jij?", "en": "Who are you?"},
    "pick_yourself": {"nl": "Kies je naam", "en": "Choose your name"},
    "unknown_person": {
        "nl": "Deze persoon staat niet in de gegevens; kies je naam in de lijst.",
        "en": "This person is not in the data; choose your name from the list.",
    },
    "locked_open_link": {
        "nl": "Open de persoonlijke link die je hebt gekregen.",
        "en": "Open the personal link you were sent.",
    },
    "locked_no_key": {
        "nl": "Persoonlijke links staan aan, maar de server heeft geen sleutel (LEERLIB_KEY); "
        "vraag de beheerder die in te stellen.",
        "en": "Personal links are switched on, but the server has no key (LEERLIB_KEY); "
        "ask the administrator to set it.",
    },
    "you_go_to": {"nl": "Jij gaat te rade bij", "en": "You turn to"},
    "come_to_you": {"nl": "Bij jou komen", "en": "Who comes to you"},
    "come_to_you_count": {
        "nl": "{n} collega's noemden jou (namen worden niet getoond zonder toestemming).",
        "en": "{n} colleagues named you (names are not shown without consent).",
    },
    "want_to_learn": {
        "nl": "Waarover wil je meer leren?",
        "en": "What would you like to learn more about?",
    },
    "suggestions": {"nl": "Suggesties", "en": "Suggestions"},
    "no_suggestions": {
        "nl": "Geen suggesties: kies een thema, of er is (nog) niemand via je contacten bereikbaar.",
        "en": "No suggestions: choose a topic, or nobody is reachable through your contacts (yet).",
    },
    "no_ties_you": {"nl": "Je noemde (nog) niemand.", "en": "You named nobody (yet)."},
    "no_ties_them": {"nl": "Niemand noemde jou (nog).", "en": "Nobody named you (yet)."},
    "reflect_title": {"nl": "Om over na te denken", "en": "To reflect on"},
    "cycle_immediate": {"nl": "Directe waarde", "en": "Immediate value"},
    "cycle_immediate_q": {
        "nl": "Welk gesprek met een collega gaf je de afgelopen maand energie of een idee?",
        "en": "Which conversation with a colleague gave you energy or an idea this past month?",
    },
    "cycle_potential": {"nl": "Potentiële waarde", "en": "Potential value"},
    "cycle_potential_q": {
        "nl": "Wat weet of kun je nu dat je nog niet gebruikt hebt, en van wie heb je dat?",
        "en": "What do you know or can you do now that you have not used yet, and from whom?",
    },
    "cycle_applied": {"nl": "Toegepaste waarde", "en": "Applied value"},
    "cycle_applied_q": {
        "nl": "Wat doe je in je les of werk anders dankzij iemand in deze kaart?",
        "en": "What do you do differently in class or at work thanks to someone on this map?",
    },
    "cycle_realized": {"nl": "Gerealiseerde waarde", "en": "Realized value"},
    "cycle_realized_q": {
        "nl": "Merken leerlingen of collega's iets van die verandering? Waaraan zie je dat?",
        "en": "Do pupils or colleagues notice that change? How can you tell?",
    },
    "cycle_reframing": {"nl": "Herdefiniërende waarde", "en": "Reframing value"},
    "cycle_reframing_q": {
        "nl": "Ben je anders gaan denken over wat goed onderwijs of goed werk is? Met wie zou je "
        "dat willen delen?",
        "en": "Have you started to think differently about what good teaching or good work is? "
        "With whom would you like to share that?",
    },
    # personal pages served from a workspace (leerlib.dashboards.personal_web)
    "web_round_shown": {
        "nl": "Deze pagina toont ronde {round} van {org}.",
        "en": "This page shows round {round} of {org}.",
    },
    "web_private_note": {
        "nl": "Alleen wie deze link heeft, ziet deze pagina. Namen staan er alleen bij van de "
        "collega's die jij zelf noemde; wie jou noemde, zie je als 'een collega'.",
        "en": "Only someone with this link sees this page. It names only the colleagues you "
        "named yourself; those who named you appear as 'a colleague'.",
    },
    "web_come_to_you_count": {
        "nl": "{n} collega's noemden jou. Wie dat zijn, blijft hun zaak: in je kaart staan ze als "
        "'een collega'.",
        "en": "{n} colleagues named you. Who they are stays theirs to tell: your map shows them as "
        "'a colleague'.",
    },
    "web_demo": {
        "nl": "Demonstratie met verzonnen collega's: hier kan iedereen elke naam kiezen. Een "
        "werkruimte met echte gegevens opent een pagina alleen via iemands persoonlijke link.",
        "en": "A demonstration with made-up colleagues: anyone can pick any name here. A "
        "workspace with real data opens a page only through that person's own link.",
    },
    "web_link_unknown_title": {"nl": "Deze link werkt niet", "en": "This link does not work"},
    "web_link_unknown": {
        "nl": "Deze link is niet (helemaal) goed. Open de persoonlijke link uit je bericht "
        "opnieuw, in zijn geheel; werkt hij dan nog niet, vraag de beheerder om een nieuwe.",
        "en": "This link is not (quite) right. Open the personal link from your message again, "
        "as a whole; if it still does not work, ask the administrator for a new one.",
    },
    "web_link_expired_title": {"nl": "Deze link is verlopen", "en": "This link has expired"},
    "web_link_expired": {
        "nl": "Je persoonlijke link is niet meer geldig. Vraag de beheerder om een nieuwe.",
        "en": "Your personal link is no longer valid. Ask the administrator for a new one.",
    },
    "web_link_revoked_title": {"nl": "Deze link is ingetrokken", "en": "This link was revoked"},
    "web_link_revoked": {
        "nl": "Deze persoonlijke link is ingetrokken en werkt niet meer. Heb je een nieuwe "
        "gekregen, open dan die; anders kun je de beheerder om een nieuwe vragen.",
        "en": "This personal link was revoked and no longer works. If you were sent a new one, "
        "open that; otherwise ask the administrator for a new one.",
    },
    "web_too_many_title": {"nl": "Te veel pogingen", "en": "Too many attempts"},
    "web_too_many": {
        "nl": "Vanaf dit adres zijn te veel links geprobeerd die niet werken. Probeer het over "
        "een kwartier opnieuw.",
        "en": "Too many links that do not work were tried from this address. Please try again "
        "in a quarter of an hour.",
    },
    "web_no_round_title": {"nl": "Geen gegevens", "en": "No data"},
    "web_no_round": {
        "nl": "Je link is geldig, maar je staat op de personeelslijst van geen enkele ronde.",
        "en": "Your link is valid, but you are on the staff list of no round.",
    },
    "your_map": {"nl": "Jouw kaart", "en": "Your map"},
    "map_text_version_lists": {
        "nl": "Tekstversie van de kaart: de lijsten hiernaast",
        "en": "Text version of the map: the lists beside it",
    },
    "map_text_version_overview": {
        "nl": "Tekstversie van de kaart: vraagbaken en bruggen als lijsten",
        "en": "Text version of the map: go-to people and bridges as lists",
    },
    "your_map_caption": {
        "nl": "Jij in het midden, met de collega's bij wie je te rade gaat en die bij jou komen. {direction}",
        "en": "You in the middle, with the colleagues you turn to and who come to you. {direction}",
    },
    # value and change between rounds (the "Waarde" and "Verandering" tabs, the personal
    # page's value and change) ---------------------------------------------------------
    "tab_value": {"nl": "Waarde", "en": "Value"},
    "tab_change": {"nl": "Verandering", "en": "Change"},
    "value_title": {
        "nl": "Wat levert leren van elkaar op?",
        "en": "What does learning from each other bring?",
    },
    "value_text": {
        "nl": "Per waardecyclus (Wenger, Trayner & De Laat, 2011): welk deel van de mensen die de "
        "vragen beantwoordden zegt die waarde te ervaren, en op hoeveel antwoorden dat berust.",
        "en": "Per value-creation cycle (Wenger, Trayner & de Laat, 2011): the share of the people "
        "who answered the questions who report that value, and how many answers it rests on.",
    },
    "value_none": {
        "nl": "Ronde {wave} heeft geen vragen over de waarde van leren.",
        "en": "Round {wave} has no questions on the value of learning.",
    },
    "value_all": {"nl": "Hele organisatie", "en": "Whole organisation"},
    "value_profile_title": {
        "nl": "Waarde per team, ronde {wave}",
        "en": "Value by team, round {wave}",
    },
    "value_reached_note": {
        "nl": "Een cyclus telt als bereikt bij een gemiddelde van 4 (eens) of hoger op de schaal 1-5; "
        "n is het aantal mensen dat de vragen van die cyclus beantwoordde.",
        "en": "A cycle counts as reached at an average of 4 (agree) or higher on the 1-5 scale; "
        "n is the number of people who answered that cycle's questions.",
    },
    "value_hidden_groups": {
        "nl": "{k} team(s) met minder dan {n} antwoorden zijn weggelaten, of om zo'n team te "
        "beschermen (privacy).",
        "en": "{k} team(s) with fewer than {n} answers are left out, or to protect such a team "
        "(privacy).",
    },
    "value_position_title": {
        "nl": "Waarde en plaats in het netwerk",
        "en": "Value and place in the network",
    },
    "value_position_text": {
        "nl": "Wat mensen op verschillende plaatsen in het netwerk rapporteren. Dit is een "
        "samenhang in één ronde, geen oorzaak: een brugfunctie levert niet aantoonbaar meer op. "
        "Iemand met meer brugrollen telt in elke rol mee.",
        "en": "What people in different places in the network report. This is an association in "
        "one round, not a cause: it does not show that a bridging position brings more value. "
        "Someone with several bridging roles counts in each.",
    },
    "value_position": {"nl": "Plaats", "en": "Position"},
    "value_category": {"nl": "Groep", "en": "Group"},
    "value_pos_brokerage": {"nl": "Brugrol tussen teams", "en": "Bridging role between teams"},
    "value_pos_across": {"nl": "Collega's in andere teams", "en": "Colleagues in other teams"},
    "value_pos_in_degree": {"nl": "Genoemd door", "en": "Named by"},
    "value_cat_coordinator": {
        "nl": "coördinator (binnen het eigen team)",
        "en": "coordinator (within the own team)",
    },
    "value_cat_itinerant": {
        "nl": "tussenpersoon (voor een ander team)",
        "en": "itinerant (for another team)",
    },
    "value_cat_representative": {
        "nl": "vertegenwoordiger (namens het team)",
        "en": "representative (for the team)",
    },
    "value_cat_gatekeeper": {
        "nl": "poortwachter (naar het team)",
        "en": "gatekeeper (into the team)",
    },
    "value_cat_liaison": {
        "nl": "verbinder (tussen twee andere teams)",
        "en": "liaison (between two other teams)",
    },
    "value_cat_none": {"nl": "geen brugrol", "en": "no bridging role"},
    "value_map_title": {"nl": "Waardestroom, ronde {wave}", "en": "Value flow, round {wave}"},
    "value_map_caption": {
        "nl": "Relaties gekleurd naar de hoogste waardecyclus die is bereikt; hier is dat de waarde "
        "die de vrager zelf rapporteert, niet per collega gevraagd. {direction}",
        "en": "Ties coloured by the highest value cycle reached; here that is the value the asker "
        "reports, not asked per colleague. {direction}",
    },
    "value_story_title": {"nl": "Wat opvalt", "en": "What stands out"},
    "value_story_across": {
        "nl": "Wie over {topic} leert van collega's {where} ({n} mensen), meldt vaker {c1} en "
        "{c2} dan de andere respondenten ({m} mensen): {a1}% tegen {b1}% en {a2}% tegen {b2}% "
        "(gemiddeld {x1} tegen {y1} en {x2} tegen {y2} op een schaal van 1 tot 5).",
        "en": "People who learn about {topic} from colleagues {where} ({n} people) report {c1} "
        "and {c2} more often than the other respondents ({m} people): {a1}% against {b1}% and "
        "{a2}% against {b2}% (on average {x1} against {y1} and {x2} against {y2} on a scale of "
        "1 to 5).",
    },
    "value_story_where_school": {"nl": "van een andere school", "en": "at another school"},
    "value_story_where_team": {"nl": "in een ander team", "en": "in another team"},
    "value_story_left": {
        "nl": "Wie in {before} te rade ging bij {who} ({n} mensen die beide rondes invulden), "
        "meldt in {after} minder {c1} en {c2}: gemiddeld van {x1} naar {y1} en van {x2} naar "
        "{y2}; bij de anderen ({m} mensen) van {u1} naar {v1} en van {u2} naar {v2}.",
        "en": "People who in {before} turned to {who} ({n} people who answered both rounds), "
        "report less {c1} and {c2} in {after}: on average from {x1} to {y1} and from {x2} to "
        "{y2}; the others ({m} people) from {u1} to {v1} and from {u2} to {v2}.",
    },
    "value_story_left_one": {
        "nl": "{who}, de collega met de grootste brugrol die is vertrokken",
        "en": "{who}, the colleague with the largest bridging role who has since left",
    },
    "value_story_left_many": {
        "nl": "een van {k} collega's met een brugrol die zijn vertrokken",
        "en": "one of {k} bridging colleagues who have since left",
    },
    "value_story_note": {
        "nl": "Dit zijn samenhangen in de antwoorden, geen oorzaken: de enquête laat niet zien "
        "wat wat veroorzaakte. Groepen kleiner dan {n} worden niet getoond.",
        "en": "These are associations in the answers, not causes: the survey does not show what "
        "caused what. Groups smaller than {n} are not shown.",
    },
    "value_stories": {"nl": "Waardeverhalen", "en": "Value-creation stories"},
    "value_stories_hidden": {
        "nl": "De tekst van de verhalen is alleen te zien als namen getoond mogen worden.",
        "en": "The stories' text is shown only where names may be shown.",
    },
    "change_title": {
        "nl": "Wat veranderde tussen {before} en {after}",
        "en": "What changed between {before} and {after}",
    },
    "change_text": {
        "nl": "Beide rondes naast elkaar, alle thema's samen; iedereen staat op beide kaarten op "
        "dezelfde plek. Een relatie telt als beëindigd alleen als de vrager beide rondes invulde.",
        "en": "Both rounds side by side, all topics together; everyone has the same place on both "
        "maps. A tie counts as ended only if the asker answered both rounds.",
    },
    "change_single": {
        "nl": "Er is maar één ronde; voor veranderingen zijn twee rondes nodig.",
        "en": "There is one round only; change needs two rounds.",
    },
    "change_alt": {
        "nl": "Twee netwerkkaarten, {before} links en {after} rechts, met iedereen op dezelfde plek. "
        "Blauw: nieuwe relaties en de {joined} nieuwkomers; oranje: beëindigde relaties en de {left} "
        "vertrokken mensen; grijs: gebleven.",
        "en": "Two network maps, {before} left and {after} right, with everyone in the same place. "
        "Blue: new ties and the {joined} people who joined; orange: ended ties and the {left} people "
        "who left; grey: kept.",
    },
    "change_summary": {"nl": "In gewone woorden", "en": "In plain words"},
    "change_brokers_left": {
        "nl": "Bruggen die vertrokken (brugfunctie in {before})",
        "en": "Bridges who left (a bridging position in {before})",
    },
    "change_topics": {"nl": "Per thema", "en": "Per topic"},
    "change_col_ties": {"nl": "Leerrelaties {wave}", "en": "Learning ties {wave}"},
    "change_slope": {"nl": "Kerncijfers in beide rondes", "en": "Key figures in both rounds"},
    "change_slope_alt": {
        "nl": "Hellingsgrafiek van de kerncijfers van het hele netwerk, {before} links en {after} "
        "rechts (schaal 0 tot 1).",
        "en": "Slope chart of the whole network's key figures, {before} on the left and {after} "
        "on the right (scale 0 to 1).",
    },
    "change_across_team": {"nl": "Relaties met andere teams", "en": "Ties with other teams"},
    "change_across_school": {"nl": "Relaties met andere scholen", "en": "Ties with other schools"},
    "change_newcomers_edge": {
        "nl": "Nieuwkomers die nog aan de rand staan ({after})",
        "en": "Newcomers still on the edge ({after})",
    },
    "change_newcomers_text": {
        "nl": "Wie er sinds de vorige ronde bij kwam en nog door weinig collega's wordt genoemd, "
        "geen relaties heeft of de vragenlijst niet invulde.",
        "en": "People who joined since the last round and are named by few colleagues, have no "
        "ties, or did not answer the survey.",
    },
    "change_col_situation": {"nl": "Situatie", "en": "Situation"},
    "change_role_on_edge": {"nl": "aan de rand", "en": "on the edge"},
    "change_role_isolate": {"nl": "zonder relaties", "en": "without ties"},
    "change_role_no_data": {"nl": "vulde niet in", "en": "did not answer"},
    "my_value_title": {"nl": "Wat leren jou opleverde", "en": "What learning brought you"},
    "my_value_none": {
        "nl": "Je beantwoordde in ronde {wave} geen vragen over de waarde van leren.",
        "en": "You answered no questions on the value of learning in round {wave}.",
    },
    "my_value_cycle": {"nl": "Waardecyclus", "en": "Value cycle"},
    "my_value_you": {"nl": "Jij", "en": "You"},
    "my_value_team": {"nl": "Je team (gemiddeld)", "en": "Your team (mean)"},
    "my_value_note": {
        "nl": "Scores op de schaal 1-5 (5: helemaal eens).",
        "en": "Scores on the 1-5 scale (5: strongly agree).",
    },
    "my_value_team_hidden": {
        "nl": "Een teamcijfer met minder dan {n} antwoorden wordt niet getoond (privacy).",
        "en": "A team figure with fewer than {n} answers is not shown (privacy).",
    },
    "my_change_title": {"nl": "Wat veranderde sinds {before}", "en": "What changed since {before}"},
    "my_change_text": {
        "nl": "Collega's bij wie jij te rade gaat: {new} nieuw, {kept} gebleven, {ended} niet meer "
        "genoemd (alle thema's samen).",
        "en": "Colleagues you turn to: {new} new, {kept} kept, {ended} no longer named (all topics "
        "together).",
    },
    "my_change_new": {
        "nl": "Je stond in {before} nog niet op de lijst: na de volgende ronde zie je hier wat er veranderde.",
        "en": "You were not on the list in {before}: after the next round this shows what changed.",
    },
    "my_change_unknown": {
        "nl": "Je vulde niet beide rondes ({before} en {after}) in, dus wat er veranderde is niet te zeggen.",
        "en": "You did not answer both rounds ({before} and {after}), so what changed cannot be told.",
    },
    # wording (issue 17): the cleaning log and the downloads in the page's language ----------
    "log_col_wave": {"nl": "Ronde", "en": "Round"},
    "log_col_file": {"nl": "Bestand", "en": "File"},
    "log_col_row": {"nl": "Rij", "en": "Row"},
    "log_col_column": {"nl": "Kolom", "en": "Column"},
    "log_col_raw_value": {"nl": "Ingevuld", "en": "Answer given"},
    "log_col_action": {"nl": "Wat er gebeurde", "en": "What happened"},
    "log_col_reason": {"nl": "Reden", "en": "Reason"},
    "log_col_detail": {"nl": "Toelichting", "en": "Detail"},
    "log_col_n": {"nl": "Aantal", "en": "Count"},
    "log_action_kept": {"nl": "behouden", "en": "kept"},
    "log_action_merged": {"nl": "samengevoegd", "en": "merged"},
    "log_action_dropped": {"nl": "weggelaten", "en": "dropped"},
    "log_action_flagged": {"nl": "gemarkeerd", "en": "flagged"},
    "log_reason_nobody": {"nl": "antwoord betekent: niemand", "en": "answer means nobody"},
    "log_reason_zero": {
        "nl": "antwoord op de schaal betekent: geen relatie",
        "en": "a scale answer that means no tie",
    },
    "log_reason_empty": {"nl": "lege naam", "en": "empty name"},
    "log_reason_self_tie": {"nl": "noemde zichzelf", "en": "named themselves"},
    "log_reason_duplicate_tie": {
        "nl": "dezelfde collega twee keer genoemd",
        "en": "same colleague named twice",
    },
    "log_reason_ambiguous_name": {
        "nl": "naam past bij meer personen",
        "en": "name fits several people",
    },
    "log_reason_unknown_name": {
        "nl": "naam niet in de personeelslijst",
        "en": "name not on the staff list",
    },
    "log_reason_duplicate_response": {
        "nl": "vervangen door een latere inzending",
        "en": "replaced by a later submission",
    },
    "log_reason_duplicate_response_item": {
        "nl": "uit een vervangen inzending",
        "en": "from a replaced submission",
    },
    "log_reason_unknown_respondent": {
        "nl": "invuller niet in de personeelslijst",
        "en": "respondent not on the staff list",
    },
    "log_reason_unknown_respondent_item": {
        "nl": "van een invuller die niet in de personeelslijst staat",
        "en": "from a respondent not on the staff list",
    },
    "log_reason_non_respondent": {
        "nl": "vulde de vragenlijst niet (bruikbaar) in: ontbrekend, niet geïsoleerd",
        "en": "no usable response: missing data, not isolation",
    },
    "log_reason_blank_row": {"nl": "lege rij", "en": "empty row"},
    "log_reason_status_skipped": {
        "nl": "rij overgeslagen (status, bv. spam of test)",
        "en": "row skipped (status, e.g. spam or preview)",
    },
    "log_reason_skipped_row_item": {
        "nl": "uit een overgeslagen rij",
        "en": "from a skipped row",
    },
    "log_reason_no_respondent": {
        "nl": "geen invuller te herkennen",
        "en": "no respondent to recognise",
    },
    "log_reason_no_date": {"nl": "geen geldige datum", "en": "no valid date"},
    "log_reason_repeated_header": {
        "nl": "kolomkop staat er twee keer",
        "en": "column header repeated",
    },
    "log_reason_formula_without_value": {
        "nl": "Excel-formule zonder waarde",
        "en": "Excel formula without a value",
    },
    "log_detail_candidates": {"nl": "mogelijke personen: {rest}", "en": "candidates: {rest}"},
    "log_detail_superseded": {
        "nl": "vervangen door rij {row} (de laatste volledige inzending)",
        "en": "superseded by row {row} (latest complete submission)",
    },
    "log_detail_merged": {
        "nl": "samengevoegd met rij {row}, kolom {column} (gewicht: het hoogste)",
        "en": "merged into row {row}, column {column} (weight = max)",
    },
    "xl_sheet_about": {"nl": "uitleg", "en": "about"},
    "xl_sheet_key_figures": {"nl": "kerncijfers", "en": "key_figures"},
    "xl_sheet_people": {"nl": "personen", "en": "people"},
    "xl_sheet_ties": {"nl": "relaties", "en": "ties"},
    "xl_sheet_go_to_people": {"nl": "vraagbaken", "en": "go_to_people"},
    "xl_sheet_cleaning_report": {"nl": "opschoonverslag", "en": "cleaning_report"},
    "xl_sheet_groups": {"nl": "{group}-overzicht", "en": "{group}s"},
    "xl_sheet_matrix": {"nl": "{group}-naar-{group}", "en": "{group}_to_{group}"},
    "xl_about_table": {"nl": "Tabblad", "en": "Sheet"},
    "xl_about_column": {"nl": "Kolom", "en": "Column"},
    "xl_about_meaning": {"nl": "Betekenis", "en": "Meaning"},
    "xl_col_figure": {"nl": "Kerncijfer", "en": "Figure"},
    "xl_col_value": {"nl": "Waarde", "en": "Value"},
    "xl_col_meaning": {"nl": "Betekenis", "en": "Meaning"},
    "xl_col_person_id": {"nl": "Persoonscode", "en": "Person id"},
    "xl_col_name": {"nl": "Naam", "en": "Name"},
    "xl_col_team": {"nl": "Team", "en": "Team"},
    "xl_col_school": {"nl": "School", "en": "School"},
    "xl_col_role": {"nl": "Functie", "en": "Role"},
    "xl_col_in_degree": {"nl": "Genoemd door", "en": "Named by"},
    "xl_col_out_degree": {"nl": "Noemt", "en": "Names"},
    "xl_col_betweenness": {"nl": "Brugfunctie", "en": "Brokerage"},
    "xl_col_responded": {"nl": "Vulde in", "en": "Answered"},
    "xl_col_source": {"nl": "Van (gaat te rade)", "en": "From (turns to)"},
    "xl_col_target": {"nl": "Naar (wordt geraadpleegd)", "en": "To (is turned to)"},
    "xl_col_weight": {"nl": "Gewicht", "en": "Weight"},
    "xl_col_topics": {"nl": "Thema's", "en": "Topics"},
    "xl_col_group": {"nl": "Groep", "en": "Group"},
    "xl_col_size": {"nl": "Personen", "en": "People"},
    "xl_col_internal_ties": {"nl": "Relaties binnen", "en": "Ties within"},
    "xl_col_density": {"nl": "Dichtheid binnen", "en": "Density within"},
    "xl_col_ties_out": {"nl": "Relaties naar buiten", "en": "Ties out"},
    "xl_col_ties_in": {"nl": "Relaties van buiten", "en": "Ties in"},
    "xl_col_ei_index": {"nl": "E-I-index", "en": "E-I index"},
    "xl_col_suppressed": {"nl": "Verborgen (privacy)", "en": "Hidden (privacy)"},
    "xl_col_from": {"nl": "Van", "en": "From"},
    "xl_col_named_by": {"nl": "Genoemd over dit thema", "en": "Named on this topic"},
    "xl_col_topic": {"nl": "Thema", "en": "Topic"},
    "xl_means_figure": {"nl": "naam van het kerncijfer", "en": "name of the figure"},
    "xl_means_value": {"nl": "de waarde", "en": "its value"},
    "xl_means_meaning": {"nl": "wat het cijfer zegt", "en": "what the figure says"},
    "xl_means_person_id": {
        "nl": "code van de persoon (een schuilnaam zonder toestemming voor namen)",
        "en": "the person's code (a pseudonym without consent to names)",
    },
    "xl_means_name": {"nl": "naam of schuilnaam", "en": "name or pseudonym"},
    "xl_means_team": {"nl": "team van de persoon", "en": "the person's team"},
    "xl_means_school": {"nl": "school van de persoon", "en": "the person's school"},
    "xl_means_role": {"nl": "functie van de persoon", "en": "the person's role"},
    "xl_means_in_degree": {
        "nl": "hoeveel collega's deze persoon noemden",
        "en": "how many colleagues named this person",
    },
    "xl_means_out_degree": {
        "nl": "hoeveel collega's deze persoon noemde",
        "en": "how many colleagues this person named",
    },
    "xl_means_betweenness": {
        "nl": "hoe vaak deze persoon op de kortste weg tussen twee anderen ligt",
        "en": "how often this person lies on the shortest path between two others (betweenness)",
    },
    "xl_means_responded": {"nl": "vulde de vragenlijst in", "en": "answered the survey"},
    "xl_means_source": {"nl": "wie te rade gaat", "en": "who turns to someone"},
    "xl_means_target": {"nl": "bij wie", "en": "to whom"},
    "xl_means_weight": {
        "nl": "sterkte van de relatie (1 als de vragenlijst die niet vroeg)",
        "en": "strength of the tie (1 if the survey did not ask it)",
    },
    "xl_means_topics": {"nl": "thema's waarover", "en": "topics it is about"},
    "xl_means_group": {"nl": "de groep", "en": "the group"},
    "xl_means_size": {"nl": "aantal personen in de groep", "en": "number of people in the group"},
    "xl_means_internal_ties": {"nl": "relaties binnen de groep", "en": "ties within the group"},
    "xl_means_density": {
        "nl": "deel van de mogelijke relaties binnen de groep dat bestaat",
        "en": "share of the possible ties within the group that exist",
    },
    "xl_means_ties_out": {"nl": "relaties naar andere groepen", "en": "ties to other groups"},
    "xl_means_ties_in": {"nl": "relaties uit andere groepen", "en": "ties from other groups"},
    "xl_means_ei_index": {
        "nl": "(buiten - binnen) / (buiten + binnen): -1 alles binnen, +1 alles naar buiten",
        "en": "(external - internal) / (external + internal): -1 all within, +1 all outside",
    },
    "xl_means_suppressed": {
        "nl": "cijfers verborgen: groep te klein (privacy)",
        "en": "figures hidden: group too small (privacy)",
    },
    "xl_means_from": {
        "nl": "groep die te rade gaat (rij); kolommen: bij welke groep, hoe vaak",
        "en": "group that turns to others (row); columns: to which group, how often",
    },
    "xl_means_named_by": {
        "nl": "hoeveel collega's deze persoon over het thema noemden",
        "en": "how many colleagues named this person on the topic",
    },
    "xl_means_topic": {"nl": "het thema", "en": "the topic"},
    "xl_means_wave": {"nl": "ronde van de vragenlijst", "en": "survey round"},
    "xl_means_file": {"nl": "bestand waar het in stond", "en": "file it was in"},
    "xl_means_row": {"nl": "rij in dat bestand", "en": "row in that file"},
    "xl_means_column": {"nl": "kolom in dat bestand", "en": "column in that file"},
    "xl_means_raw_value": {"nl": "wat er was ingevuld", "en": "what was answered"},
    "xl_means_action": {"nl": "wat het opschonen ermee deed", "en": "what cleaning did with it"},
    "xl_means_reason": {"nl": "waarom", "en": "why"},
    "xl_means_detail": {"nl": "bijzonderheden", "en": "particulars"},
    # key figures that say what they count (issue 17, item 2) ------------------------------
    "fig_people_text_internal": {
        "nl": "{internal} collega's in het personeelsbestand.",
        "en": "{internal} colleagues on the staff list.",
    },
    "fig_ties_text_pairs": {
        "nl": "Paren collega's waarvan de een bij de ander te rade gaat, over welk thema ook. "
        "Per thema apart geteld zijn het {nominations} noemingen: wie iemand over twee thema's "
        "noemde, telt daar twee keer.",
        "en": "Pairs of colleagues where one turns to the other, on any topic. Counted per topic "
        "there are {nominations} nominations: naming someone on two topics counts twice there.",
    },
    "fig_ties_text_one": {
        "nl": "Zo vaak noemde iemand een collega bij wie hij of zij te rade gaat (elk paar één keer).",
        "en": "How often someone named a colleague they turn to (each pair once).",
    },
    "fig_density_text_avg": {
        "nl": "Van alle mogelijke relaties bestaat {pct}: gemiddeld gaat iemand bij {avg} van de "
        "{others} anderen te rade.",
        "en": "{pct} of all possible ties exist: on average someone turns to {avg} of the {others} "
        "others.",
    },
    "fig_density_text_dense": {
        "nl": "Een dicht netwerk: veel collega's gaan rechtstreeks bij elkaar te rade.",
        "en": "A dense network: many colleagues turn to each other directly.",
    },
    "fig_density_text_large": {
        "nl": "Bij {n} mensen is een laag percentage gewoon: niemand gaat bij tientallen collega's "
        "te rade. Het gemiddelde zegt hier meer.",
        "en": "With {n} people a low share is normal: nobody turns to dozens of colleagues. The "
        "average says more here.",
    },
    "fig_density_text_loose": {
        "nl": "Voor een groep van {n} mensen is dat vrij los: de meesten gaan niet rechtstreeks bij "
        "elkaar te rade.",
        "en": "For a group of {n} people that is fairly loose: most do not turn to each other "
        "directly.",
    },
    "fig_density_text_none": {
        "nl": "Geen cijfer: daarvoor zijn minstens twee mensen nodig.",
        "en": "No figure: that needs at least two people.",
    },
    "fig_clusters_text": {
        "nl": "Groepen van minstens {min} mensen die vaker bij elkaar te rade gaan dan bij "
        "anderen, zoals de kaart ze kleurt.",
        "en": "Groups of at least {min} people who turn to each other more than to others, as "
        "the map colours them.",
    },
    "fig_clusters_other": {
        "nl": "Daarbuiten {other} mensen in groepjes van minder dan {min} of zonder relaties "
        "(op de kaart: overig).",
        "en": "Outside them {other} people in groups of fewer than {min} or without ties (on "
        "the map: other).",
    },
    "fig_cross_no_team": {
        "nl": "Geen cijfer: de personeelslijst heeft geen kolom team, dus relaties over "
        "teamgrenzen zijn niet te zien.",
        "en": "No figure: the staff list has no team column, so ties across teams cannot be told.",
    },
    "fig_cross_no_ties": {
        "nl": "Geen cijfer: er zijn geen relaties tussen twee mensen van wie het team bekend is.",
        "en": "No figure: there are no ties between two people whose team is known.",
    },
    # parts that explain themselves (issue 17, items 2 and 3) --------------------------------
    "loaded_counts": {
        "nl": "Geladen: {responded} van {invited} ingevuld (ronde {waves}). Ronde {wave}: {people} "
        "personen, {ties} relaties tussen collega's ({nominations} noemingen als elk thema apart "
        "telt). Het opschoonverslag staat hieronder.",
        "en": "Loaded: {responded} of {invited} answered (round {waves}). Round {wave}: {people} "
        "people, {ties} ties between colleagues ({nominations} nominations counting each topic "
        "apart). The cleaning report is below.",
    },
    "map_caption_alone": {
        "nl": "Los onder het netwerk: {n} mensen zonder relaties in deze keuze.",
        "en": "Apart below the network: {n} people without ties in this choice.",
    },
    "brokers_unit": {
        "nl": "Brugfunctie telt paren: zo vaak gaat A bij deze persoon te rade en deze persoon bij "
        "C, terwijl A niet rechtstreeks bij C te rade gaat en niet alle drie in hetzelfde team zitten.",
        "en": "Brokerage counts pairs: how often A turns to this person and this person to C, "
        "while A does not turn to C directly and not all three are in the same team.",
    },
    "col_brokerage_pairs": {"nl": "Brugfunctie (paren)", "en": "Brokerage (pairs)"},
    "brokers_no_team": {
        "nl": "De personeelslijst heeft geen kolom team, dus is niet te zien wie teams verbindt.",
        "en": "The staff list has no team column, so nobody can be seen to connect teams.",
    },
    "brokers_none": {
        "nl": "Niemand staat hier tussen twee collega's uit verschillende teams in.",
        "en": "Nobody here stands between two colleagues from different teams.",
    },
    "groups_one_team": {"nl": "team", "en": "team"},
    "groups_many_team": {"nl": "teams", "en": "teams"},
    "groups_one_school": {"nl": "school", "en": "school"},
    "groups_many_school": {"nl": "scholen", "en": "schools"},
    "groups_one_role": {"nl": "functie", "en": "role"},
    "groups_many_role": {"nl": "functies", "en": "roles"},
    "groups_title": {
        "nl": "Wie leert van wie, per {one}?",
        "en": "Who learns from whom, by {one}?",
    },
    "groups_text": {
        "nl": "Rij: wie te rade gaat, per {one}; kolom: bij wie, per {one}. Donkerder is vaker.",
        "en": "Row: who turns to others, by {one}; column: to whom, by {one}. Darker is more often.",
    },
    "groups_never": {
        "nl": "Tussen deze {many} gaat (nog) niemand te rade, in geen van beide richtingen:",
        "en": "Nobody turns to anyone across these {many} (yet), in either direction:",
    },
    "groups_never_none": {
        "nl": "Tussen elke twee {many} gaat iemand te rade, in minstens één richting.",
        "en": "Between every two {many} someone turns to the other, in at least one direction.",
    },
    "groups_none_title": {"nl": "Geen groepen", "en": "No groups"},
    "groups_none": {
        "nl": "De gegevens hebben geen kolom team, school of functie, dus er valt niets te "
        "groeperen. Met zo'n kolom in de personeelslijst ziet u hier welke groepen van elkaar leren.",
        "en": "The data have no team, school or role column, so there is nothing to group by. With "
        "such a column in the staff list this shows which groups learn from each other.",
    },
    # small things (issue 17, item 6) --------------------------------------------------------
    "log_detail_status": {
        "nl": "inzending met status '{status}' overgeslagen (invuller {who})",
        "en": "response with status '{status}' skipped (respondent {who})",
    },
    # numbers in downloads; the personal page's suggestions, reflection and round (issue 17) ---
    "xl_col_share": {"nl": "Aandeel", "en": "Share"},
    "xl_means_share": {
        "nl": "het cijfer als aandeel (percentage)",
        "en": "the figure as a share (percentage)",
    },
    "personal_round_shown": {
        "nl": "Deze pagina toont ronde {round}.",
        "en": "This page shows round {round}.",
    },
    "suggest_named": {
        "nl": "{who} wordt vaak gevraagd over {topic} ({n}× genoemd). {via} kent {name} en kan "
        "jullie met elkaar in contact brengen.",
        "en": "{who} is often asked about {topic} (named {n}×). {via} knows {name} and can put "
        "you in touch.",
    },
    "suggest_unnamed": {
        "nl": "Iemand {team}wordt vaak gevraagd over {topic}. Vraag {via} wie dat is: die kent "
        "deze collega en kan jullie met elkaar in contact brengen.",
        "en": "Someone {team}is often asked about {topic}. Ask {via} who that is: they know "
        "this colleague and can put you in touch.",
    },
    "suggest_in_team": {"nl": "uit {team} ", "en": "from {team} "},
    "suggest_and": {"nl": " of ", "en": " or "},
    "reflect_intro": {
        "nl": "Een paar vragen voor jezelf, of om met een collega te bespreken.",
        "en": "A few questions for yourself, or to talk over with a colleague.",
    },
    "cycle_immediate_lead": {"nl": "Een goed gesprek.", "en": "A good conversation."},
    "cycle_potential_lead": {"nl": "Iets nieuws op zak.", "en": "Something new in hand."},
    "cycle_applied_lead": {"nl": "Iets anders doen.", "en": "Doing things differently."},
    "cycle_realized_lead": {"nl": "Merken anderen het?", "en": "Do others notice?"},
    "cycle_reframing_lead": {"nl": "Een andere kijk.", "en": "A different view."},
    "reflect_why": {"nl": "Waarom deze vragen?", "en": "Why these questions?"},
    "reflect_why_text": {
        "nl": "De vragen volgen de vijf soorten waarde van leren met collega's uit het "
        "waardecreatiekader van Wenger, Trayner & de Laat (2011): directe, potentiële, "
        "toegepaste, gerealiseerde en herdefiniërende waarde. Wie ze af en toe beantwoordt, "
        "ziet wat het leren met collega's oplevert, van een goed gesprek tot een andere kijk "
        "op het werk.",
        "en": "The questions follow the five kinds of value of learning with colleagues in the "
        "value-creation framework of Wenger, Trayner & de Laat (2011): immediate, potential, "
        "applied, realized and reframing value. Answering them now and then shows what "
        "learning with colleagues brings, from a good conversation to a new view of the work.",
    },
    # the survey page of a round asked inside leerlib (leerlib.dashboards.collect_web) ------
    "collect_title": {"nl": "Vragenlijst leernetwerk", "en": "Learning network survey"},
    "collect_intro": {
        "nl": "Bij wie ga je te rade? Elk antwoord wordt meteen bewaard; je kunt later "
        "verder of iets veranderen zolang de ronde openstaat.",
        "en": "Whom do you turn to? Every answer is saved at once; you can continue or "
        "change something later while the round is open.",
    },
    "collect_question": {
        "nl": "Bij wie ga je te rade over {topic}?",
        "en": "Whom do you turn to about {topic}?",
    },
    "collect_search": {"nl": "Zoek een collega", "en": "Find a colleague"},
    "collect_search_hint": {
        "nl": "Typ een deel van de naam, bijvoorbeeld de achternaam.",
        "en": "Type part of the name, for example the surname.",
    },
    "collect_no_hits": {"nl": "Niemand gevonden", "en": "No one found"},
    "collect_outsider": {
        "nl": "Iemand van buiten de organisatie",
        "en": "Someone outside the organisation",
    },
    "collect_add": {"nl": "Toevoegen", "en": "Add"},
    "collect_remove": {"nl": "Verwijderen", "en": "Remove"},
    "collect_frequency": {"nl": "Hoe vaak?", "en": "How often?"},
    "collect_usefulness": {"nl": "Hoe nuttig?", "en": "How useful?"},
    "collect_choose": {"nl": "kies", "en": "choose"},
    "collect_nobody": {
        "nl": "Ik ga hierover bij niemand te rade",
        "en": "I turn to no one about this",
    },
    "collect_still_right": {"nl": "Klopt dit nog?", "en": "Is this still right?"},
    "collect_last_time": {
        "nl": "Vorige keer noemde je deze collega's. Klopt dit nog?",
        "en": "Last time you named these colleagues. Is this still right?",
    },
    "collect_yes": {"nl": "Ja, klopt", "en": "Yes, still right"},
    "collect_no": {"nl": "Nee, niet meer", "en": "No, not any more"},
    "collect_value_title": {
        "nl": "Wat leverde het leren met collega's op?",
        "en": "What did learning with colleagues bring?",
    },
    "collect_progress": {
        "nl": "{done} van {total} onderdelen beantwoord",
        "en": "{done} of {total} parts answered",
    },
    "collect_saved": {"nl": "Opgeslagen", "en": "Saved"},
    "collect_saving": {"nl": "Bezig met opslaan...", "en": "Saving..."},
    "collect_failed": {
        "nl": "Niet opgeslagen; probeer het opnieuw.",
        "en": "Not saved; please try again.",
    },
    "collect_done": {"nl": "Klaar", "en": "Done"},
    "collect_thanks": {
        "nl": "Klaar! Dank je wel. Je antwoorden zijn bewaard; je kunt ze nog wijzigen "
        "zolang de ronde openstaat.",
        "en": "Done! Thank you. Your answers are saved; you can still change them while the "
        "round is open.",
    },
    "collect_round": {"nl": "Ronde {round} van {org}", "en": "Round {round} of {org}"},
    "collect_outside": {"nl": "van buiten", "en": "outside"},
    "collect_demo": {
        "nl": "Demonstratie met verzonnen collega's: wat je hier invult zijn geen echte "
        "gegevens. Ook hier opent de vragenlijst alleen via iemands persoonlijke link.",
        "en": "A demonstration with made-up colleagues: what you fill in here is not real "
        "data. Here too the survey opens only through someone's personal link.",
    },
    "web_survey_open": {
        "nl": "Er staat een vragenlijst voor je open",
        "en": "A survey is open for you",
    },
    "web_survey_go": {
        "nl": "Vul de vragenlijst in: bij wie ga je te rade?",
        "en": "Fill in the survey: whom do you turn to?",
    },
    "web_no_collection_title": {
        "nl": "Er staat geen vragenlijst open",
        "en": "No survey is open",
    },
    "web_no_collection": {
        "nl": "Er staat nu geen vragenlijst voor jou open. Je eigen pagina werkt met dezelfde link.",
        "en": "There is no survey open for you now. Your own page works with the same link.",
    },
}


def t(key: str, lang: str = "nl", **kwargs) -> str:
    """Return the text for ``key`` in ``lang``, with placeholders filled.

    Parameters
    ----------
    key : str
        A key of :data:`STRINGS`.
    lang : {"nl", "en"}
        Language; anything else falls back to Dutch.
    **kwargs
        Values for the text's ``{placeholders}``.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        If ``key`` is not a known text (a programming error, caught by the tests).

    Examples
    --------
    >>> t("round", "en")
    'Round'
    >>> t("hidden_small", "nl", n=5)
    'Groepen kleiner dan 5 personen zijn verborgen (privacy).'
    """
    entry = STRINGS[key]
    text = entry.get(lang if lang in LANGUAGES else "nl") or entry["nl"]
    return text.format(**kwargs) if kwargs else text
