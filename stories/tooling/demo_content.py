"""Demo content for the "Battle for Bakhmut" live blog.

Illustrative data for the demo loader: a story, the sources it cites and a few days of
updates with attributed claims. It is modelled on public reporting from early February 2023
about the fighting around Bakhmut in eastern Ukraine, but it is demo material, not an archive:
all wording is the newsroom's own, some events and figures are simplified or composite, and
the short quotations marked as verbatim are illustrative and must not be cited as real quotes.

Times are given in minutes after the story's start; the loader turns them into datetimes.
"""

SOURCES = [
    {
        "name": "Ukrainian General Staff",
        "kind": "military",
        "url": "https://www.zsu.gov.ua/",
        "description": (
            "The General Staff of the Armed Forces of Ukraine. It publishes operational summaries "
            "on the situation along the front line every morning and evening."
        ),
    },
    {
        "name": "Russian Ministry of Defence",
        "kind": "military",
        "url": "https://eng.mil.ru/",
        "description": (
            "Russia's defence ministry. It gives a daily briefing on what Moscow calls its "
            "special military operation in Ukraine."
        ),
    },
    {
        "name": "UK Ministry of Defence",
        "kind": "government",
        "url": "https://www.gov.uk/government/organisations/ministry-of-defence",
        "description": (
            "Britain's defence ministry. It publishes near-daily intelligence assessments of the "
            "war in Ukraine but does not release the evidence behind them."
        ),
    },
    {
        "name": "Institute for the Study of War",
        "kind": "think_tank",
        "url": "https://www.understandingwar.org/",
        "description": (
            "A Washington-based research group that publishes daily assessments of the Russian "
            "offensive, often based on footage it has geolocated."
        ),
    },
    {
        "name": "State Emergency Service, Donetsk region",
        "kind": "agency",
        "url": "https://dsns.gov.ua/",
        "description": (
            "The Donetsk regional branch of Ukraine's State Emergency Service. Its rescuers and "
            "firefighters respond to strikes, fires and collapsed buildings."
        ),
    },
    {
        "name": "Pavlo Kyrylenko",
        "kind": "person",
        "url": "https://dn.gov.ua/",
        "description": (
            "Governor of Ukraine's Donetsk region and head of its regional military "
            "administration. He posts regular updates on shelling and civilian casualties."
        ),
    },
    {
        "name": "Médecins Sans Frontières",
        "kind": "ngo",
        "url": "https://www.msf.org/",
        "description": (
            "International medical humanitarian organisation, also known as Doctors Without "
            "Borders. Its teams run ambulance transfers and mobile clinics in eastern Ukraine."
        ),
    },
    {
        "name": "Reuters",
        "kind": "news_organisation",
        "url": "https://www.reuters.com/",
        "description": (
            "International news agency with correspondents and photographers working in eastern "
            "Ukraine."
        ),
    },
    {
        "name": "Kremlin",
        "kind": "government",
        "url": "https://en.kremlin.ru/",
        "description": (
            "The office of the Russian president. Its spokesman, Dmitry Peskov, holds regular "
            "briefings for reporters."
        ),
    },
]

STORY = {
    "title": "Battle for Bakhmut: live updates from Ukraine's eastern front",
    "slug": "bakhmut-front-live",
    "summary": (
        "Russian forces are trying to close in on the town of Bakhmut in Ukraine's Donetsk "
        "region, while Ukrainian troops fight to keep the roads that supply it open. We follow "
        "the fighting, its toll on civilians and the claims made by both sides, and say clearly "
        "what we have and have not been able to verify."
    ),
    "time_zone": "Europe/Kyiv",
}

UPDATES = [
    {
        "minutes": 0,
        "author": "editor",
        "headline": "Welcome to our live coverage",
        "body": (
            "Good morning. This page follows the fighting around **Bakhmut**, a town in Ukraine's "
            "Donetsk region that has been under Russian assault for months and is now largely in "
            "ruins.\n\n"
            "Russian troops, with fighters from the Wagner private military group in the lead, "
            "have been trying to close in on the town from the north and the south. In January "
            "Russia said it had taken the nearby salt-mining town of Soledar, a loss Ukraine "
            "later acknowledged.\n\n"
            "Claims from the battlefield are hard to check. We attribute each one to its source "
            "and show whether we have been able to verify it."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [],
    },
    {
        "minutes": 25,
        "author": "journalist",
        "headline": "",
        "body": (
            "Ukraine's General Staff says its troops beat back Russian assaults on several "
            "villages around Bakhmut over the past 24 hours, among them Paraskoviivka to the "
            "north and Ivanivske to the west.\n\n"
            "According to its morning summary, the Bakhmut, Lyman and Avdiivka sectors remain the "
            "focus of Russia's offensive."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "gs-repelled-day1",
                "source": "Ukrainian General Staff",
                "text": (
                    "Ukrainian forces repelled Russian attacks on several settlements around "
                    "Bakhmut, including Paraskoviivka and Ivanivske, over the previous day."
                ),
                "status": "unverified",
                "note": "We cannot independently verify reports from the battlefield.",
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://www.zsu.gov.ua/",
                "stated_minutes": None,
                "responds_to": None,
            },
            {
                "key": "gs-main-efforts",
                "source": "Ukrainian General Staff",
                "text": "The enemy is concentrating its main efforts on offensive operations",
                "status": "confirmed",
                "note": (
                    "Consistent with assessments by Western governments and independent analysts "
                    "that Bakhmut is the focus of Russia's offensive."
                ),
                "attribution": "statement",
                "is_verbatim": True,
                "source_url": "",
                "stated_minutes": 5,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 90,
        "author": "journalist",
        "headline": "",
        "body": (
            "Donetsk regional governor Pavlo Kyrylenko says Russian shelling killed and wounded "
            "civilians in the region over the past day, with Bakhmut and the villages around it "
            "among the worst-hit places. He did not give a breakdown by town."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "kyr-casualties-day1",
                "source": "Pavlo Kyrylenko",
                "text": (
                    "Russian shelling killed and wounded civilians in several Donetsk region "
                    "communities over the previous day, with Bakhmut among the hardest hit."
                ),
                "status": "unverified",
                "note": (
                    "The governor gave no breakdown by town; we have asked his office for details."
                ),
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 60,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 150,
        "author": "editor",
        "headline": "Strike hits apartment building in Kostiantynivka",
        "body": (
            "A strike overnight hit a residential neighbourhood of **Kostiantynivka**, a town "
            "south-west of Bakhmut, according to the regional branch of Ukraine's State Emergency "
            "Service.\n\n"
            "The service says rescuers are searching the rubble of a partly collapsed apartment "
            "building and that people were killed. It has not said what kind of weapon was "
            "used.\n\n"
            "We have not been able to reach residents or hospital staff in the town to confirm "
            "the number of dead."
        ),
        "is_key_event": True,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "ses-kostiantynivka-strike",
                "source": "State Emergency Service, Donetsk region",
                "text": (
                    "A strike overnight damaged a multi-storey apartment building in a "
                    "residential area of Kostiantynivka, causing part of it to collapse."
                ),
                "status": "confirmed",
                "note": "Photographs from the scene show the damaged residential building.",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "https://dsns.gov.ua/",
                "stated_minutes": 120,
                "responds_to": None,
                "history": [
                    {
                        "minutes": 600,
                        "from": "unverified",
                        "to": "confirmed",
                        "note": (
                            "Reuters photographs from the scene show the partly collapsed building."
                        ),
                    },
                ],
            },
            {
                "key": "ses-toll-first",
                "source": "State Emergency Service, Donetsk region",
                "text": (
                    "At least three people were killed in the strike, and more may be trapped "
                    "under the rubble."
                ),
                "status": "unverified",
                "note": (
                    "We could not verify this death toll independently. The rescue service said "
                    "the search was continuing and the figure could rise."
                ),
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 120,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 200,
        "author": "journalist",
        "headline": "UK intelligence sees slow Russian gains north of Bakhmut",
        "body": (
            "Britain's defence ministry says in its latest intelligence update that Russian "
            "forces have probably edged forward north of Bakhmut in recent days.\n\n"
            "In the ministry's view, the aim is to threaten the roads Ukraine relies on to supply "
            "its garrison, but the gains are small and are coming at a high price. The "
            "assessments are posted on the [ministry's "
            "website](https://www.gov.uk/government/organisations/ministry-of-defence) and its "
            "social media accounts."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "ukmod-north-gains",
                "source": "UK Ministry of Defence",
                "text": (
                    "Russian forces have likely made small advances north of Bakhmut in recent "
                    "days, at a high cost in casualties."
                ),
                "status": "unverified",
                "note": (
                    "An intelligence assessment; the ministry does not publish the evidence "
                    "behind it."
                ),
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "https://www.gov.uk/government/organisations/ministry-of-defence",
                "stated_minutes": 60,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 270,
        "author": "journalist",
        "headline": "Moscow says its troops improved positions",
        "body": (
            "Russia's defence ministry says its forces have improved their positions around "
            "Bakhmut, which Russian officials call by its Soviet-era name, Artyomovsk.\n\n"
            "The daily briefing named no specific places. Ukraine's military says Russian attacks "
            "in the area were repelled, and we have not been able to confirm either side's "
            "account."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "rumod-advance-day1",
                "source": "Russian Ministry of Defence",
                "text": (
                    "Russian forces improved their tactical positions in the Artyomovsk (Bakhmut) "
                    "area and inflicted losses on Ukrainian units."
                ),
                "status": "disputed",
                "note": (
                    "Contradicted by Ukraine's General Staff. The ministry named no locations and "
                    "we could not verify its account."
                ),
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://eng.mil.ru/",
                "stated_minutes": 240,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 330,
        "author": "journalist",
        "headline": "",
        "body": (
            "Russia's defence ministry says its forces hit Ukrainian military targets in the "
            "Kostiantynivka area overnight, and rejects suggestions that civilians were "
            "targeted.\n\n"
            "The ministry gave no evidence for its account. Pictures released by Ukraine's "
            "emergency service show a damaged apartment block. Moscow has denied deliberately "
            "attacking civilians throughout the war."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "rumod-denies-civilian-target",
                "source": "Russian Ministry of Defence",
                "text": (
                    "Russian forces struck only military targets in the Kostiantynivka area and "
                    "did not target residential buildings."
                ),
                "status": "disputed",
                "note": (
                    "The ministry offered no evidence. Photographs from the scene show a damaged "
                    "residential building."
                ),
                "attribution": "denial",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": "ses-kostiantynivka-strike",
            },
        ],
    },
    {
        "minutes": 420,
        "author": "journalist",
        "headline": "",
        "body": (
            "Médecins Sans Frontières says its teams in Donetsk region are using ambulances to "
            "move patients away from hospitals near the front and are running mobile clinics for "
            "people, many of them elderly, who have stayed behind.\n\n"
            "> The closer you get to the front line, the fewer doctors remain.\n\n"
            "The medical charity says shelling has made some journeys too dangerous to attempt."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "msf-referrals",
                "source": "Médecins Sans Frontières",
                "text": (
                    "Its teams are transferring patients from hospitals close to the front line "
                    "to facilities further west and running mobile clinics in front-line areas."
                ),
                "status": "confirmed",
                "note": (
                    "Consistent with activity reports the organisation has published on its "
                    "website."
                ),
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://www.msf.org/",
                "stated_minutes": None,
                "responds_to": None,
            },
            {
                "key": "msf-quote",
                "source": "Médecins Sans Frontières",
                "text": "The closer you get to the front line, the fewer doctors remain",
                "status": "confirmed",
                "note": "Quoted from the organisation's statement.",
                "attribution": "statement",
                "is_verbatim": True,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 480,
        "author": "editor",
        "headline": "Analysts say Vuhledar assault has stalled",
        "body": (
            "Further south in Donetsk region, the Institute for the Study of War says Russia's "
            "recent attempts to storm **Vuhledar**, a mining town on high ground, appear to have "
            "failed, with attacking units losing many armoured vehicles.\n\n"
            "The Washington-based think tank relies heavily on footage it has geolocated. "
            "Ukraine's General Staff also says it repelled attacks near the town."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "isw-vuhledar",
                "source": "Institute for the Study of War",
                "text": (
                    "Russian assaults on Vuhledar have largely failed, and the attacking units "
                    "have lost a large number of armoured vehicles."
                ),
                "status": "confirmed",
                "note": "Corroborated by a separate British intelligence assessment.",
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "https://www.understandingwar.org/",
                "stated_minutes": None,
                "responds_to": None,
                "history": [
                    {
                        "minutes": 1560,
                        "from": "unverified",
                        "to": "confirmed",
                        "note": (
                            "Britain's defence ministry reached the same conclusion in its "
                            "intelligence update."
                        ),
                    },
                ],
            },
            {
                "key": "gs-vuhledar",
                "source": "Ukrainian General Staff",
                "text": "Ukrainian forces repelled Russian attacks near Vuhledar.",
                "status": "unverified",
                "note": "We cannot independently verify reports from the battlefield.",
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 560,
        "author": "journalist",
        "headline": "",
        "body": (
            "Reuters reports that its journalists in **Chasiv Yar**, a town on the main road west "
            "of Bakhmut, heard almost unbroken artillery fire through the afternoon and saw "
            "military vehicles heading towards the front.\n\n"
            "Military analysts describe the road through Chasiv Yar as one of the last supply "
            "routes into Bakhmut still in Ukrainian hands."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "reuters-chasiv-yar",
                "source": "Reuters",
                "text": (
                    "Its journalists in Chasiv Yar heard near-constant artillery fire and saw "
                    "military vehicles moving east towards Bakhmut."
                ),
                "status": "confirmed",
                "note": "Eyewitness reporting by an established news agency's own staff.",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 640,
        "author": "journalist",
        "headline": "Russia says it has taken a village north of Bakhmut",
        "body": (
            "Russia's defence ministry says its forces have taken full control of **Blahodatne**, "
            "a village north of Bakhmut. Pro-Russian military bloggers had reported fighting "
            "there for several days.\n\n"
            "Ukraine's military has not confirmed losing the village. We have asked it for "
            "comment."
        ),
        "is_key_event": True,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "rumod-blahodatne",
                "source": "Russian Ministry of Defence",
                "text": (
                    "Russian forces took full control of the village of Blahodatne, north of "
                    "Bakhmut."
                ),
                "status": "disputed",
                "note": "Denied by Ukraine's General Staff. Not independently confirmed.",
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 600,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 720,
        "author": "editor",
        "headline": "Ukraine says attacks on villages repelled",
        "body": (
            "Ukraine's General Staff says in its evening summary that its troops repelled Russian "
            "attacks on a string of villages around Bakhmut, including **Krasna Hora**, "
            "Paraskoviivka and Berkhivka to the north of the town.\n\n"
            "It says fighting is continuing around Blahodatne and rejects Russia's claim to "
            "control the village."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": (
            "An earlier version of this update misnamed the village of Krasna Hora, north of "
            "Bakhmut, as Krasnohorivka, which is a different town west of the city of Donetsk."
        ),
        "claims": [
            {
                "key": "gs-repelled-evening",
                "source": "Ukrainian General Staff",
                "text": (
                    "Ukrainian troops repelled Russian attacks on Krasna Hora, Paraskoviivka, "
                    "Berkhivka and other villages near Bakhmut."
                ),
                "status": "unverified",
                "note": "We cannot independently verify reports from the battlefield.",
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://www.zsu.gov.ua/",
                "stated_minutes": 690,
                "responds_to": None,
            },
            {
                "key": "gs-denies-blahodatne",
                "source": "Ukrainian General Staff",
                "text": (
                    "Russian forces have not captured Blahodatne, and fighting for the village is "
                    "continuing."
                ),
                "status": "disputed",
                "note": (
                    "Geolocated footage cited by an independent think tank places Russian troops "
                    "inside the village."
                ),
                "attribution": "denial",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 690,
                "responds_to": "rumod-blahodatne",
                "history": [
                    {
                        "minutes": 2990,
                        "from": "unverified",
                        "to": "disputed",
                        "note": (
                            "The Institute for the Study of War said geolocated footage showed "
                            "Russian forces operating inside the village."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "minutes": 800,
        "author": "journalist",
        "headline": "",
        "body": (
            "Kyrylenko has again called on civilians still living in Bakhmut to leave, warning "
            "that getting out is becoming more dangerous by the day.\n\n"
            "Officials estimate that several thousand people remain in a town that was home to "
            "about 70,000 before the war. Volunteers say many of those who stay are elderly or "
            "refuse to abandon their homes."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "kyr-evac-appeal",
                "source": "Pavlo Kyrylenko",
                "text": (
                    "Civilians remaining in Bakhmut and other front-line towns should evacuate "
                    "while it is still possible to do so."
                ),
                "status": "confirmed",
                "note": (
                    "Posted on the governor's official channels; we have confirmed he made the "
                    "appeal."
                ),
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://dn.gov.ua/",
                "stated_minutes": None,
                "responds_to": None,
            },
            {
                "key": "kyr-civilians-remaining",
                "source": "Pavlo Kyrylenko",
                "text": (
                    "Several thousand civilians, including some children, are still living in "
                    "Bakhmut."
                ),
                "status": "unverified",
                "note": (
                    "Officials have given varying estimates, and no independent count is possible."
                ),
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 900,
        "author": "editor",
        "headline": "",
        "body": (
            "Air raid alerts have sounded across eastern Ukraine this evening. We will report any "
            "details once they are confirmed. Our coverage continues overnight at a slower pace."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [],
    },
    {
        "minutes": 1450,
        "author": "editor",
        "headline": "Day two: what we are watching",
        "body": (
            "Good morning. Here is where things stand:\n\n"
            "- Ukraine's military says it is holding off Russian attacks on Bakhmut's northern "
            "and southern flanks.\n"
            "- Russia says it is advancing, without giving details we can check.\n"
            "- Rescuers in Kostiantynivka have worked through the night at the scene of "
            "yesterday's strike.\n\n"
            "We will update this page throughout the day."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [],
    },
    {
        "minutes": 1500,
        "author": "journalist",
        "headline": "Rescuers say Kostiantynivka toll has risen",
        "body": (
            "The State Emergency Service in Donetsk region says more bodies have been recovered "
            "from the apartment building in Kostiantynivka, raising the death toll to **five**, "
            "and that the search of the rubble is over.\n\n"
            "Governor Pavlo Kyrylenko says several of the people wounded in the strike are still "
            "in hospital."
        ),
        "is_key_event": True,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "ses-toll-final",
                "source": "State Emergency Service, Donetsk region",
                "text": (
                    "Five people were killed in the strike on the apartment building in "
                    "Kostiantynivka."
                ),
                "status": "confirmed",
                "note": "Confirmed by a second, independent source.",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "https://dsns.gov.ua/",
                "stated_minutes": 1470,
                "responds_to": None,
                "history": [
                    {
                        "minutes": 1700,
                        "from": "unverified",
                        "to": "confirmed",
                        "note": (
                            "Reuters, citing hospital staff in the town, reported the same number "
                            "of dead."
                        ),
                    },
                ],
            },
            {
                "key": "ses-search-over",
                "source": "State Emergency Service, Donetsk region",
                "text": "The search and rescue operation has been completed",
                "status": "confirmed",
                "note": (
                    "Quoted from the service's update; no further rescue work has been reported."
                ),
                "attribution": "statement",
                "is_verbatim": True,
                "source_url": "",
                "stated_minutes": 1470,
                "responds_to": None,
            },
            {
                "key": "kyr-wounded-hospital",
                "source": "Pavlo Kyrylenko",
                "text": "Several people wounded in the Kostiantynivka strike remain in hospital.",
                "status": "unverified",
                "note": "",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 1560,
        "author": "journalist",
        "headline": "UK says bridges on routes into Bakhmut destroyed",
        "body": (
            "Britain's defence ministry says in its daily intelligence update that bridges on the "
            "routes leading into Bakhmut from the west have been destroyed, making it harder for "
            "Ukraine to bring in supplies and reinforcements.\n\n"
            "According to the ministry, Ukrainian units are increasingly dependent on minor roads "
            "and dirt tracks, which are difficult to use in wet weather. The same update judges "
            "Russia's recent assault on Vuhledar to have failed."
        ),
        "is_key_event": True,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "ukmod-bridges",
                "source": "UK Ministry of Defence",
                "text": (
                    "Bridges on supply routes into Bakhmut from the west have been destroyed, "
                    "leaving Ukrainian forces reliant on minor roads and tracks."
                ),
                "status": "confirmed",
                "note": "At least one destroyed bridge has been confirmed by video.",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "https://www.gov.uk/government/organisations/ministry-of-defence",
                "stated_minutes": 1500,
                "responds_to": None,
                "history": [
                    {
                        "minutes": 2010,
                        "from": "unverified",
                        "to": "confirmed",
                        "note": (
                            "Reuters footage filmed west of the town shows a collapsed road bridge."
                        ),
                    },
                ],
            },
            {
                "key": "ukmod-vuhledar",
                "source": "UK Ministry of Defence",
                "text": (
                    "Russia's assault on Vuhledar has probably failed, with heavy losses of "
                    "armoured vehicles."
                ),
                "status": "confirmed",
                "note": (
                    "Consistent with the Institute for the Study of War's assessment and with "
                    "geolocated footage of destroyed vehicles."
                ),
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 1500,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 1620,
        "author": "editor",
        "headline": "Russia's defence minister visits troops",
        "body": (
            "Russia's defence ministry has released video of Defence Minister **Sergei Shoigu** "
            "visiting a command post of Russian forces taking part in what Moscow calls its "
            "special military operation, as its troops press their offensive around Bakhmut.\n\n"
            "According to the ministry, Shoigu was briefed by commanders on the progress of the "
            "offensive and handed state awards to servicemen. It did not say when or where "
            "exactly the visit took place."
        ),
        "is_key_event": True,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "rumod-shoigu-visit",
                "source": "Russian Ministry of Defence",
                "text": (
                    "Defence Minister Sergei Shoigu visited a command post of Russian forces in "
                    "Ukraine and presented state awards to servicemen."
                ),
                "status": "unverified",
                "note": (
                    "The ministry released video but did not say when or where it was filmed; we "
                    "could not verify the location."
                ),
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://eng.mil.ru/",
                "stated_minutes": 1590,
                "responds_to": None,
            },
            {
                "key": "rumod-shoigu-progress",
                "source": "Russian Ministry of Defence",
                "text": (
                    "Commanders told Shoigu that Russian forces were advancing around Artyomovsk "
                    "(Bakhmut)."
                ),
                "status": "disputed",
                "note": (
                    "Ukraine's military says Russian attacks around Bakhmut are being repelled."
                ),
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 1590,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 1680,
        "author": "editor",
        "headline": "",
        "body": (
            "**Analysis:** Shoigu's visit comes as Moscow looks for a battlefield success after "
            "months of costly fighting in the east.\n\n"
            "Analysts disagree about how much Bakhmut matters militarily, but both armies have "
            "committed large numbers of troops to the fight for it, and its fate has taken on "
            "symbolic weight for both governments."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "isw-bakhmut-value",
                "source": "Institute for the Study of War",
                "text": "Capturing Bakhmut would bring Russia only limited operational gains.",
                "status": "unverified",
                "note": (
                    "An analytical judgement; other analysts see greater value in the town's road "
                    "links."
                ),
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 1760,
        "author": "journalist",
        "headline": "",
        "body": (
            "Ukraine's General Staff says its forces repelled attacks over the past day on "
            "Bakhmut itself and on the villages of Klishchiivka and Ivanivske to the south-west, "
            "where Russian units are trying to reach the road to Kostiantynivka.\n\n"
            "Russia's defence ministry says Ukrainian forces suffered heavy losses in the area "
            "and that Russian troops have cut the road between Bakhmut and Chasiv Yar. Neither "
            "claim could be checked immediately."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "gs-repelled-south",
                "source": "Ukrainian General Staff",
                "text": "Ukrainian forces repelled attacks on Bakhmut, Klishchiivka and Ivanivske.",
                "status": "unverified",
                "note": "We cannot independently verify reports from the battlefield.",
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 1700,
                "responds_to": None,
            },
            {
                "key": "rumod-ua-losses",
                "source": "Russian Ministry of Defence",
                "text": (
                    "Ukrainian forces lost large numbers of soldiers and several armoured "
                    "vehicles in the Bakhmut area over the past day."
                ),
                "status": "disputed",
                "note": (
                    "Ukraine does not publish its losses. The ministry's figures cannot be "
                    "verified and have often been far higher than independent estimates."
                ),
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 1720,
                "responds_to": None,
            },
            {
                "key": "rumod-road-cut",
                "source": "Russian Ministry of Defence",
                "text": "Russian troops have cut the road linking Bakhmut with Chasiv Yar.",
                "status": "false",
                "note": (
                    "Journalists on the ground saw civilians and volunteers still using the road."
                ),
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 1720,
                "responds_to": None,
                "history": [
                    {
                        "minutes": 1930,
                        "from": "unverified",
                        "to": "false",
                        "note": (
                            "Reuters journalists reported civilians and volunteer drivers still "
                            "travelling along the road."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "minutes": 1840,
        "author": "journalist",
        "headline": "Aid group sees more war wounded",
        "body": (
            "Médecins Sans Frontières says its teams in Donetsk region are treating more people "
            "with war injuries than a few weeks ago, most of them hurt by shelling.\n\n"
            "More about the group's work in Ukraine is on its [website](https://www.msf.org/)."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "msf-wounded-rising",
                "source": "Médecins Sans Frontières",
                "text": (
                    "The number of war-wounded patients treated by its teams in Donetsk region "
                    "has risen in recent weeks, most of them with blast injuries."
                ),
                "status": "unverified",
                "note": "The organisation has not yet provided figures; we have asked for them.",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 1920,
        "author": "journalist",
        "headline": "",
        "body": (
            "Reuters reports that civilians are still leaving Bakhmut by the damaged road to "
            "Chasiv Yar, some in volunteers' minibuses and some on foot. People it spoke to "
            "described weeks spent in basements without electricity, gas or running water."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "reuters-civilians-leaving",
                "source": "Reuters",
                "text": (
                    "Civilians are still leaving Bakhmut along the road to Chasiv Yar, many with "
                    "the help of volunteer drivers."
                ),
                "status": "confirmed",
                "note": "Matches accounts from aid groups and regional officials.",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "https://www.reuters.com/",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 2010,
        "author": "editor",
        "headline": "Footage shows collapsed bridge west of Bakhmut",
        "body": (
            "Video filmed by Reuters west of Bakhmut shows a road bridge that has fallen into the "
            "river below. It supports this morning's British assessment that bridges on the "
            "routes into the town have been destroyed, and we have marked that claim as "
            "**confirmed**.\n\n"
            "The footage does not show when or how the bridge was brought down."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "reuters-bridge-footage",
                "source": "Reuters",
                "text": (
                    "Video filmed west of Bakhmut shows a collapsed road bridge on one of the "
                    "routes into the town."
                ),
                "status": "confirmed",
                "note": (
                    "We reviewed the footage and matched landmarks in it to satellite imagery of "
                    "the area."
                ),
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 2100,
        "author": "journalist",
        "headline": "Kremlin gives no timeline for Bakhmut",
        "body": (
            "Kremlin spokesman Dmitry Peskov declined earlier today to say when Russia expects to "
            "take Bakhmut, telling reporters the military operation would go on until its goals "
            "were met.\n\n"
            "He also restated Moscow's position that its forces do not target civilians or homes. "
            "Ukrainian officials and United Nations monitors have documented many strikes on "
            "residential buildings since the invasion began."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "kremlin-goals",
                "source": "Kremlin",
                "text": (
                    "The military operation will continue until its goals are achieved; the "
                    "Kremlin will not set a date for taking Bakhmut."
                ),
                "status": "confirmed",
                "note": (
                    "We have confirmed the spokesman said this at his briefing. It is a statement "
                    "of intent, not a verifiable fact."
                ),
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://en.kremlin.ru/",
                "stated_minutes": 1620,
                "responds_to": None,
            },
            {
                "key": "kremlin-denies-civilian",
                "source": "Kremlin",
                "text": (
                    "Russian forces do not strike residential buildings or civilian infrastructure."
                ),
                "status": "false",
                "note": (
                    "Strikes on residential buildings, including this week's strike in "
                    "Kostiantynivka, have been documented by rescuers, journalists and UN human "
                    "rights monitors."
                ),
                "attribution": "denial",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 1620,
                "responds_to": "ses-kostiantynivka-strike",
            },
        ],
    },
    {
        "minutes": 2250,
        "author": "journalist",
        "headline": "",
        "body": (
            "Firefighters in Druzhkivka have put out a fire at a private house that was started "
            "by shelling this evening, the State Emergency Service says. It reported no injuries."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "ses-druzhkivka-fire",
                "source": "State Emergency Service, Donetsk region",
                "text": (
                    "Firefighters put out a blaze at a private house in Druzhkivka caused by "
                    "shelling; no one was hurt."
                ),
                "status": "unverified",
                "note": "",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 2890,
        "author": "editor",
        "headline": "Day three: pressure on Bakhmut's northern edge",
        "body": (
            "Good morning. Accounts from both sides suggest the heaviest fighting is now on the "
            "northern outskirts of Bakhmut, where Russian units are trying to work their way "
            "towards the town's western supply routes.\n\n"
            "As all week, the two sides' versions of the night's events differ sharply. We set "
            "out below what each says and what we have been able to check."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [],
    },
    {
        "minutes": 2930,
        "author": "journalist",
        "headline": "Russia says Krasna Hora captured",
        "body": (
            "Russia's defence ministry says its forces have captured **Krasna Hora**, a village "
            "on the northern outskirts of Bakhmut, crediting what it called volunteer assault "
            "units, a term Russian officials have used for Wagner fighters.\n\n"
            "If confirmed, it would be Russia's closest gain to the town's northern edge in "
            "weeks. Ukraine's General Staff says fighting for the village is continuing."
        ),
        "is_key_event": True,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "rumod-krasna-hora",
                "source": "Russian Ministry of Defence",
                "text": (
                    "Russian assault units completed the capture of the village of Krasna Hora, "
                    "on the northern outskirts of Bakhmut."
                ),
                "status": "disputed",
                "note": (
                    "Denied by Ukraine's military. An independent think tank says Russian forces "
                    "have probably advanced in the village but could not confirm full control."
                ),
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://eng.mil.ru/",
                "stated_minutes": 2900,
                "responds_to": None,
            },
            {
                "key": "gs-denies-krasna-hora",
                "source": "Ukrainian General Staff",
                "text": (
                    "Krasna Hora has not fallen, and Ukrainian forces are still fighting for the "
                    "village."
                ),
                "status": "unverified",
                "note": "We cannot independently verify reports from the battlefield.",
                "attribution": "denial",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 2910,
                "responds_to": "rumod-krasna-hora",
            },
        ],
    },
    {
        "minutes": 2990,
        "author": "journalist",
        "headline": "",
        "body": (
            "The Institute for the Study of War says footage it has geolocated suggests Russian "
            "forces have pushed into parts of Krasna Hora, although it cannot yet confirm "
            "Russia's claim to hold the whole village.\n\n"
            "The think tank also says footage shows Russian troops inside Blahodatne, which "
            "Ukraine's military said two days ago had not fallen. We have updated the status of "
            "that denial to **disputed**."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "isw-krasna-hora",
                "source": "Institute for the Study of War",
                "text": (
                    "Geolocated footage indicates Russian forces have advanced into parts of "
                    "Krasna Hora, though full control of the village is not confirmed."
                ),
                "status": "unverified",
                "note": "An assessment based on footage we have not independently reviewed.",
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": None,
                "responds_to": None,
            },
            {
                "key": "isw-blahodatne",
                "source": "Institute for the Study of War",
                "text": "Geolocated footage shows Russian forces operating inside Blahodatne.",
                "status": "confirmed",
                "note": (
                    "The think tank published coordinates for the footage, which we matched to "
                    "satellite imagery."
                ),
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "https://www.understandingwar.org/",
                "stated_minutes": None,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 3060,
        "author": "editor",
        "headline": "Think tank says limited Ukrainian withdrawal possible",
        "body": (
            "Ukrainian commanders may choose to pull back from some positions in and around "
            "Bakhmut if Russian forces threaten to cut the remaining supply routes, according to "
            "the Institute for the Study of War.\n\n"
            "The think tank judges that any such move would probably be limited and gradual "
            "rather than a collapse of the defence, and says the battle has already cost Russia "
            "dearly. Its daily assessments are published at "
            "[understandingwar.org](https://www.understandingwar.org/)."
        ),
        "is_key_event": True,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "isw-limited-withdrawal",
                "source": "Institute for the Study of War",
                "text": (
                    "Ukrainian forces may conduct a limited, controlled withdrawal from some "
                    "positions in Bakhmut if Russian forces threaten the remaining supply routes."
                ),
                "status": "unverified",
                "note": "An analytical assessment of what could happen, not a report of events.",
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "https://www.understandingwar.org/",
                "stated_minutes": 3000,
                "responds_to": None,
            },
            {
                "key": "isw-russian-costs",
                "source": "Institute for the Study of War",
                "text": (
                    "The battle for Bakhmut has cost Russian forces, particularly Wagner units, "
                    "very heavy casualties."
                ),
                "status": "unverified",
                "note": "Neither side publishes its own casualty figures.",
                "attribution": "estimate",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 3000,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 3140,
        "author": "journalist",
        "headline": "",
        "body": (
            "Russia's defence ministry says Ukrainian units have begun abandoning their positions "
            "inside Bakhmut. It did not say where, and gave no evidence.\n\n"
            "Ukraine's General Staff rejects the claim, saying its troops are still defending the "
            "town and have received no order to withdraw."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "rumod-ua-abandoning",
                "source": "Russian Ministry of Defence",
                "text": "Ukrainian units have begun abandoning their positions inside Bakhmut.",
                "status": "false",
                "note": (
                    "Contradicted by reporting from journalists near the town and by independent "
                    "analysts; the ministry gave no evidence."
                ),
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 3100,
                "responds_to": None,
                "history": [
                    {
                        "minutes": 3160,
                        "from": "unverified",
                        "to": "disputed",
                        "note": "Denied by Ukraine's General Staff.",
                    },
                    {
                        "minutes": 3500,
                        "from": "disputed",
                        "to": "false",
                        "note": (
                            "Reuters journalists near the town and the Institute for the Study of "
                            "War both reported Ukrainian units still holding their positions."
                        ),
                    },
                ],
            },
            {
                "key": "gs-denies-withdrawal",
                "source": "Ukrainian General Staff",
                "text": (
                    "Ukrainian troops are continuing to defend Bakhmut and have not been ordered "
                    "to withdraw."
                ),
                "status": "confirmed",
                "note": "Consistent with reporting from journalists near the town.",
                "attribution": "denial",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 3120,
                "responds_to": "rumod-ua-abandoning",
            },
        ],
    },
    {
        "minutes": 3220,
        "author": "journalist",
        "headline": "Governor reports civilian deaths near Bakhmut",
        "body": (
            "Governor Pavlo Kyrylenko says Russian shelling over the past day killed civilians in "
            "Chasiv Yar and in villages around Bakhmut, and damaged dozens of homes."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "kyr-chasiv-yar-deaths",
                "source": "Pavlo Kyrylenko",
                "text": (
                    "Russian shelling killed civilians in Chasiv Yar and in villages around "
                    "Bakhmut over the past day and damaged dozens of homes."
                ),
                "status": "unverified",
                "note": "We have not been able to confirm the deaths independently.",
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 3180,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 3300,
        "author": "journalist",
        "headline": "",
        "body": (
            "The State Emergency Service says a shell has hit a school building in **Kurakhove**, "
            "a town west of the city of Donetsk, and that its crews are inspecting the site. It "
            "says no one was inside at the time."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "ses-school-hit",
                "source": "State Emergency Service, Donetsk region",
                "text": (
                    "A shell struck a school building in Kurakhove; no one was inside at the time."
                ),
                "status": "false",
                "note": (
                    "The service later corrected its report: the shell landed in the school yard."
                ),
                "attribution": "report",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 3280,
                "responds_to": None,
                "history": [
                    {
                        "minutes": 3440,
                        "from": "unverified",
                        "to": "false",
                        "note": (
                            "The rescue service said the shell had landed in the school yard and "
                            "the building itself was not hit."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "minutes": 3380,
        "author": "journalist",
        "headline": "Moscow claims strike on weapons depot",
        "body": (
            "Russia's defence ministry says its forces destroyed a depot holding Western-supplied "
            "munitions near Kramatorsk. Ukrainian officials have not commented, and we have seen "
            "no evidence that supports the claim."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "rumod-depot",
                "source": "Russian Ministry of Defence",
                "text": (
                    "Russian forces destroyed a depot holding Western-supplied munitions near "
                    "Kramatorsk."
                ),
                "status": "unverified",
                "note": "No independent evidence; Ukrainian officials have not commented.",
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 3340,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 3440,
        "author": "editor",
        "headline": "",
        "body": (
            "**Update:** The State Emergency Service now says the shell in Kurakhove landed in "
            "the school yard and broke windows, but did not hit the building itself as it had "
            "reported earlier. We have marked the earlier report as false."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [],
    },
    {
        "minutes": 3500,
        "author": "editor",
        "headline": "",
        "body": (
            "We have marked as false the Russian defence ministry's claim that Ukrainian units "
            "had begun abandoning positions in Bakhmut. Reuters journalists near the town and the "
            "latest assessment from the Institute for the Study of War both indicate that "
            "Ukrainian units are still holding their positions."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [],
    },
    {
        "minutes": 3560,
        "author": "editor",
        "headline": "What we know so far",
        "body": (
            "Here are the main developments of the past three days:\n\n"
            "- **Bakhmut:** Russian forces, led by Wagner units, are pressing on the town from "
            "the north and south. Russia says it has taken Blahodatne and Krasna Hora; Ukraine "
            "says the fighting goes on. Analysts say Russian troops have at least entered both "
            "villages.\n"
            "- **Supply routes:** Britain's defence ministry says bridges on the routes into the "
            "town have been destroyed. Video confirms at least one collapsed bridge.\n"
            "- **Civilians:** Rescuers say five people were killed in a strike on an apartment "
            "building in Kostiantynivka. Officials believe several thousand civilians remain in "
            "Bakhmut.\n"
            "- **Moscow:** Defence Minister Sergei Shoigu visited troops, his ministry says. The "
            "Kremlin has given no timeline for taking the town.\n"
            "- **Outlook:** The Institute for the Study of War says a limited Ukrainian "
            "withdrawal from some positions is possible. Ukraine's military says its troops are "
            "holding."
        ),
        "is_key_event": False,
        "is_pinned": True,
        "correction_note": "",
        "claims": [],
    },
    {
        "minutes": 3650,
        "author": "journalist",
        "headline": "",
        "body": (
            "In its evening summary, Ukraine's General Staff says its forces repelled attacks "
            "over the past day near Bakhmut, Krasna Hora and Ivanivske, as well as near Avdiivka "
            "further south."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "gs-repelled-day3",
                "source": "Ukrainian General Staff",
                "text": (
                    "Ukrainian forces repelled attacks near Bakhmut, Krasna Hora, Ivanivske and "
                    "Avdiivka over the past day."
                ),
                "status": "unverified",
                "note": "We cannot independently verify reports from the battlefield.",
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "https://www.zsu.gov.ua/",
                "stated_minutes": 3600,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 3720,
        "author": "journalist",
        "headline": "Russia says it advanced south of Bakhmut",
        "body": (
            "Russia's defence ministry says its troops have moved forward near **Klishchiivka**, "
            "south of Bakhmut, as they try to get closer to the road linking the town with "
            "Kostiantynivka. Ukraine's military says attacks in that area were repelled."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [
            {
                "key": "rumod-klishchiivka",
                "source": "Russian Ministry of Defence",
                "text": "Russian forces advanced near Klishchiivka, south of Bakhmut.",
                "status": "disputed",
                "note": "Ukraine's General Staff says attacks near the village were repelled.",
                "attribution": "statement",
                "is_verbatim": False,
                "source_url": "",
                "stated_minutes": 3600,
                "responds_to": None,
            },
        ],
    },
    {
        "minutes": 4290,
        "author": "editor",
        "headline": "Morning: fighting continues around Bakhmut",
        "body": (
            "It is morning in Ukraine. Overnight reports from both militaries describe continued "
            "assaults on the northern and southern edges of Bakhmut.\n\n"
            "We keep this page open and will update the status of the claims recorded here as "
            "new evidence comes in."
        ),
        "is_key_event": False,
        "is_pinned": False,
        "correction_note": "",
        "claims": [],
    },
]
