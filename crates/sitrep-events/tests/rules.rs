//! Data-driven tests of the coding rules, per language, through one `check()` helper: each
//! case is a text, a language, a publication date and the expected summary of the first event
//! (`sub-event type | actor1 | actor2 | date/precision | fatalities | attribution`) or
//! `none`. They test the codebook's rules, so they code with `EventCoder::rules_only` (the
//! default decision, combined with the model, is pinned by the sample and the CLI tests).

use proptest::prelude::*;
use sitrep_events::{EventCoder, EventInput};

fn summary(lang: &str, published: Option<&str>, text: &str) -> String {
    let coder = EventCoder::rules_only();
    let tokens = sitrep_text::tokenize(text);
    let sentences = sitrep_text::sentences(text);
    let input = EventInput {
        doc_id: "t",
        text,
        tokens: &tokens,
        sentences: &sentences,
        lang,
        published,
        places: &[],
        outlet: None,
    };
    let (events, _) = coder.code(&input);
    match events.first() {
        None => "none".to_owned(),
        Some(e) => format!(
            "{} | {} | {} | {}/{} | {} | {}",
            e.sub_event_type,
            e.actor1.as_deref().unwrap_or("-"),
            e.actor2.as_deref().unwrap_or("-"),
            e.event_date.as_deref().unwrap_or("-"),
            e.time_precision,
            e.fatalities,
            e.attribution.as_ref().map_or("-", |a| a.text.as_str()),
        ),
    }
}

/// Asserts that the expected fields (a `|`-separated prefix or `none`) match.
#[track_caller]
fn check(lang: &str, published: Option<&str>, text: &str, expect: &str) {
    let got = summary(lang, published, text);
    let ok = if expect == "none" {
        got == "none"
    } else {
        let g: Vec<&str> = got.split(" | ").collect();
        expect
            .split(" | ")
            .enumerate()
            .all(|(i, e)| e == "*" || g.get(i) == Some(&e))
    };
    assert!(
        ok,
        "\ntext:     {text}\nexpected: {expect}\ngot:      {got}"
    );
}

const PUB: Option<&str> = Some("2018-03-24"); // a Saturday

#[test]
fn french_types_and_roles() {
    check(
        "fr",
        PUB,
        "Des affrontements ont opposé l'armée syrienne à Daech jeudi.",
        "Armed clash | Military Forces of Syria | Islamic State | 2018-03-22/1",
    );
    check(
        "fr",
        PUB,
        "Des frappes aériennes ont visé des positions de Daech hier.",
        "Air/drone strike | * | Islamic State | 2018-03-23/1",
    );
    check(
        "fr",
        PUB,
        "Un kamikaze s'est fait exploser à un barrage, tuant trois soldats.",
        "Suicide bomb | * | * | * | 3",
    );
    check(
        "fr",
        PUB,
        "Les positions des FDS ont été attaquées par Daech.",
        "Armed clash | Islamic State | SDF: Syrian Democratic Forces",
    );
    check(
        "fr",
        PUB,
        "L'offensive de Daech contre l'armée syrienne a échoué.",
        "Armed clash | Islamic State | Military Forces of Syria",
    );
    check(
        "fr",
        PUB,
        "Des centaines de manifestants se sont rassemblés devant le parlement.",
        "Peaceful protest",
    );
    check(
        "fr",
        PUB,
        "La police a dispersé la manifestation à coups de gaz lacrymogène.",
        "Protest with intervention",
    );
    check(
        "fr",
        PUB,
        "Trois travailleurs humanitaires ont été enlevés par des hommes armés.",
        "Abduction/forced disappearance",
    );
}

#[test]
fn french_fatalities_traps() {
    check(
        "fr",
        PUB,
        "Le 12 mars, trois soldats ont été tués dans une embuscade.",
        "Armed clash | * | * | 2018-03-12/1 | 3",
    );
    check(
        "fr",
        PUB,
        "Un homme de 45 ans a été tué par des hommes armés.",
        "* | * | * | * | 1",
    );
    check(
        "fr",
        PUB,
        "À 30 km de là, deux civils ont été tués dans un bombardement.",
        "Shelling/artillery/missile attack | * | * | * | 2",
    );
    check(
        "fr",
        PUB,
        "Une quarantaine de combattants ont été tués dans les combats.",
        "Armed clash | * | * | * | 40",
    );
    check(
        "fr",
        PUB,
        "Des affrontements ont fait plusieurs morts et des dizaines de blessés.",
        "Armed clash | * | * | * | 3",
    );
    check(
        "fr",
        PUB,
        "Un obus est tombé sur le village sans faire de victimes.",
        "Shelling/artillery/missile attack | * | * | * | 0",
    );
    check(
        "fr",
        PUB,
        "Un bombardement a visé le quartier, aucune victime n'est à déplorer.",
        "Shelling/artillery/missile attack | * | * | * | 0",
    );
    check("fr", PUB, "Selon l'OSDH, 12 civils ont été tués, selon d'autres sources 15 morts dans le bombardement.", "Shelling/artillery/missile attack | * | * | * | 12");
}

#[test]
fn french_non_events() {
    check(
        "fr",
        PUB,
        "L'armée va attaquer la ville dans les prochains jours.",
        "none",
    );
    check("fr", PUB, "Les rebelles n'ont pas attaqué la base.", "none");
    check(
        "fr",
        PUB,
        "S'agit-il d'une vaste offensive contre l'armée syrienne ?",
        "none",
    );
    check(
        "fr",
        PUB,
        "Lire plus : Offensive de Daech à Deir ez-Zor",
        "none",
    );
    check(
        "fr",
        PUB,
        "Les terroristes cherchaient à s'emparer de la route.",
        "none",
    );
}

#[test]
fn french_attribution_and_dates() {
    check("fr", PUB, "Selon des sources proches du Hezbollah, 40 terroristes ont été tués dans des affrontements.", "Armed clash | * | * | * | 40 | sources proches du Hezbollah");
    check(
        "fr",
        PUB,
        "Hier, des roquettes ont frappé la ville.",
        "Shelling/artillery/missile attack | * | * | 2018-03-23/1",
    );
    check(
        "fr",
        PUB,
        "La semaine dernière, des roquettes ont frappé la ville.",
        "Shelling/artillery/missile attack | * | * | 2018-03-17/2",
    );
    check(
        "fr",
        None,
        "Jeudi, des roquettes ont frappé la ville.",
        "Shelling/artillery/missile attack | * | * | -/1",
    );
}

#[test]
fn english_types_and_roles() {
    check(
        "en",
        PUB,
        "ISIS fighters clashed with the Syrian army on Thursday.",
        "Armed clash | Islamic State | Military Forces of Syria | 2018-03-22/1",
    );
    check(
        "en",
        PUB,
        "The Syrian army was attacked by ISIS near the border.",
        "Armed clash | Islamic State | Military Forces of Syria",
    );
    check(
        "en",
        PUB,
        "US warplanes struck Islamic State positions yesterday.",
        "Air/drone strike | Military Forces of the United States | Islamic State | 2018-03-23/1",
    );
    check(
        "en",
        PUB,
        "A suicide bomber blew himself up at a market, killing 12 people.",
        "Suicide bomb | * | * | * | 12",
    );
    check(
        "en",
        PUB,
        "Gunmen killed five villagers in an attack on Monday.",
        "Attack | Unidentified Armed Group | Civilians | 2018-03-19/1 | 5",
    );
    check(
        "en",
        PUB,
        "Police fired tear gas to disperse hundreds of protesters.",
        "Protest with intervention",
    );
    check(
        "en",
        PUB,
        "Rioters torched cars and threw stones at police.",
        "Violent demonstration",
    );
    check(
        "en",
        PUB,
        "Security forces defused a roadside bomb on the highway.",
        "Disrupted weapons use",
    );
    check(
        "en",
        PUB,
        "Police arrested three suspected militants.",
        "Arrests",
    );
    check(
        "en",
        PUB,
        "The army recaptured the town from the rebels.",
        "Government regains territory",
    );
    check(
        "en",
        PUB,
        "The army and the rebels signed a ceasefire agreement in Geneva.",
        "Agreement | Military Forces",
    );
    // An ACLED row names its actor 1: an agreement between parties no lexicon knows (two
    // companies, "the two sides" of an earlier sentence) is not coded (rule `acting_force`).
    check(
        "en",
        PUB,
        "The two sides signed a ceasefire agreement in Geneva.",
        "none",
    );
    check(
        "en",
        PUB,
        "The rebels established a new military base near the river.",
        "Headquarters or base established | Unidentified Armed Group",
    );
}

#[test]
fn english_fatalities_traps() {
    check(
        "en",
        PUB,
        "On March 12, three soldiers were killed in an ambush.",
        "Armed clash | * | * | 2018-03-12/1 | 3",
    );
    check(
        "en",
        PUB,
        "A man aged 45 was shot dead by gunmen.",
        "* | * | * | * | 1",
    );
    check(
        "en",
        PUB,
        "Dozens were killed in clashes 30 km from the capital.",
        "Armed clash | * | * | * | 12",
    );
    check(
        "en",
        PUB,
        "Several people were killed and dozens wounded in the shelling.",
        "Shelling/artillery/missile attack | * | * | * | 3",
    );
    check(
        "en",
        PUB,
        "Hundreds were killed in the airstrikes.",
        "Air/drone strike | * | * | * | 100",
    );
    check(
        "en",
        PUB,
        "The shelling caused heavy casualties.",
        "Shelling/artillery/missile attack | * | * | * | 0",
    );
    check(
        "en",
        PUB,
        "A rocket hit the base; no casualties were reported.",
        "Shelling/artillery/missile attack | * | * | * | 0",
    );
    check(
        "en",
        PUB,
        "Four vehicles were destroyed and two soldiers killed by an IED.",
        "Remote explosive/landmine/IED | * | * | * | 2",
    );
}

#[test]
fn english_non_events() {
    check(
        "en",
        PUB,
        "The rebels will strike the city next week.",
        "none",
    );
    check("en", PUB, "The army did not attack the village.", "none");
    check("en", PUB, "Will the militants attack again?", "none");
    check("en", PUB, "Read more: Clashes in Deir ez-Zor", "none");
    check(
        "en",
        PUB,
        "An earthquake killed 30 people in the region.",
        "none",
    );
    check(
        "en",
        PUB,
        "The ministers held talks on trade at the summit.",
        "none",
    );
}

#[test]
fn english_attribution() {
    check(
        "en",
        PUB,
        "According to local officials, 7 people were killed in the airstrike.",
        "Air/drone strike | * | * | * | 7 | local officials",
    );
    check(
        "en",
        PUB,
        "Reuters said that 3 soldiers were killed in clashes.",
        "Armed clash | * | * | * | 3 | Reuters",
    );
}

#[test]
fn spanish_and_arabic_core_triggers() {
    check(
        "es",
        PUB,
        "Enfrentamientos entre el ejército y el ELN dejaron tres muertos.",
        "Armed clash | * | * | * | 3",
    );
    check(
        "es",
        PUB,
        "Cientos de manifestantes protestaron ayer frente al congreso.",
        "Peaceful protest | * | * | 2018-03-23/1",
    );
    check(
        "ar",
        PUB,
        "اشتباكات بين الجيش السوري وداعش في دير الزور",
        "Armed clash",
    );
    check(
        "ar",
        PUB,
        "غارة جوية على مواقع داعش امس",
        "Air/drone strike | * | Islamic State | 2018-03-23/1",
    );
}

#[test]
fn claims_and_allegations_are_not_events() {
    // Rule `claim`: the event after a claim or an accusation is its object, not a report.
    check(
        "en",
        PUB,
        "The Islamic State claimed responsibility for the car bomb that killed eight people.",
        "none",
    );
    check(
        "en",
        PUB,
        "Russia denied that its aircraft were responsible for the air strike on the convoy.",
        "none",
    );
    check(
        "en",
        PUB,
        "Islamic State militants detonated a car bomb, killing eight soldiers in the city.",
        "Remote explosive/landmine/IED | Islamic State",
    );
    check(
        "fr",
        PUB,
        "L'État islamique a revendiqué l'attentat suicide qui a fait dix morts.",
        "none",
    );
    check(
        "fr",
        PUB,
        "Un kamikaze de l'État islamique s'est fait exploser, tuant dix soldats.",
        "Suicide bomb",
    );
}

#[test]
fn background_events_give_way_to_the_main_one() {
    // Rule `background`: "amid clashes", "following the fighting" set the scene.
    check(
        "en",
        PUB,
        "The army and the rebels signed a ceasefire agreement following weeks of fighting.",
        "Agreement",
    );
    check("en", PUB, "Thousands fled amid fierce clashes.", "none");
    check(
        "en",
        PUB,
        "Fierce clashes broke out between the army and the rebels.",
        "Armed clash",
    );
    check(
        "fr",
        PUB,
        "L'armée et les rebelles ont signé un accord de cessez-le-feu à la suite de combats.",
        "Agreement",
    );
    check(
        "fr",
        PUB,
        "Des milliers de personnes ont fui en marge des affrontements.",
        "none",
    );
}

#[test]
fn a_weapon_platform_alone_is_not_a_strike() {
    // Rule `instrument`: warplanes need an action or a toll.
    check(
        "en",
        PUB,
        "Five military aircraft entered the air defence zone on Monday.",
        "none",
    );
    check(
        "en",
        PUB,
        "Russian warplanes struck rebel positions, killing five fighters.",
        "Air/drone strike",
    );
    check(
        "en",
        PUB,
        "A dozen people were killed when the aircraft crashed near the airport.",
        "none",
    );
    check(
        "fr",
        PUB,
        "Des avions de combat russes ont survolé la région lundi.",
        "none",
    );
    check(
        "fr",
        PUB,
        "Des avions de combat russes ont bombardé la ville, tuant cinq civils.",
        "Air/drone strike",
    );
}

#[test]
fn verb_and_noun_pairs() {
    // Rule `combos`: discovery verb + weapon, capture verb + place, establish + base (passive).
    check(
        "en",
        PUB,
        "Soldiers found a large stash of weapons and ammunition in the village.",
        "Disrupted weapons use",
    );
    check(
        "en",
        PUB,
        "The coast guard intercepted 300 migrants off the coast.",
        "none",
    );
    check(
        "en",
        PUB,
        "Islamic State militants captured three villages south of the city.",
        "Non-state actor overtakes territory | Islamic State",
    );
    check(
        "en",
        PUB,
        "Syrian government forces captured a town in the north.",
        "Government regains territory | Military Forces of Syria",
    );
    check(
        "en",
        PUB,
        "A new observation post was set up by Turkish forces near the border.",
        "Headquarters or base established",
    );
    check(
        "fr",
        PUB,
        "Les soldats ont découvert une importante cache d'armes dans la forêt.",
        "Disrupted weapons use",
    );
    check(
        "fr",
        PUB,
        "Un homme a été abattu par des hommes armés.",
        "Attack",
    );
    check(
        "fr",
        PUB,
        "Les rebelles ont pris trois villages au nord de la ville.",
        "Non-state actor overtakes territory",
    );
    check(
        "fr",
        PUB,
        "L'armée turque a installé un nouveau poste d'observation près de la frontière.",
        "Headquarters or base established",
    );
}

#[test]
fn stop_phrases_hide_the_triggers_inside_them() {
    check(
        "en",
        PUB,
        "Riot police stood guard as thousands marched peacefully through the capital.",
        "Peaceful protest",
    );
    check(
        "en",
        PUB,
        "Militants attacked the base with anti-aircraft guns and mortars.",
        "Shelling/artillery/missile attack",
    );
    check(
        "fr",
        PUB,
        "La police anti-émeute encadrait la manifestation, qui s'est déroulée dans le calme.",
        "Peaceful protest",
    );
}

#[test]
fn protest_precedence() {
    // Clashes at a riot are the riot; deaths mentioned as the cause of a protest are not force
    // used against it.
    check(
        "en",
        PUB,
        "Rioters clashed with police in the city centre.",
        "Violent demonstration",
    );
    check(
        "en",
        PUB,
        "Thousands of protesters rallied to mourn the students killed in a road accident.",
        "Peaceful protest",
    );
    check(
        "en",
        PUB,
        "Security forces opened fire on protesters, killing two.",
        "Excessive force against protesters",
    );
    check(
        "en",
        PUB,
        "Police violently suppressed a peaceful protest outside the court.",
        "Excessive force against protesters",
    );
    check(
        "fr",
        PUB,
        "Des émeutiers ont affronté la police dans le centre-ville.",
        "Violent demonstration",
    );
    check(
        "fr",
        PUB,
        "Des milliers de manifestants ont rendu hommage aux étudiants morts dans un accident de la route.",
        "Peaceful protest",
    );
}

#[test]
fn named_armed_actors_lift_the_disaster_context() {
    check(
        "en",
        PUB,
        "Islamic State militants attacked soldiers near the refinery, killing nine.",
        "Armed clash | Islamic State",
    );
    check(
        "en",
        PUB,
        "Nine workers were killed in an explosion at the refinery.",
        "none",
    );
    check(
        "fr",
        PUB,
        "Des jihadistes de Daech ont attaqué des soldats près de la raffinerie, tuant neuf d'entre eux.",
        "Armed clash | Islamic State",
    );
    check(
        "fr",
        PUB,
        "Neuf ouvriers ont été tués dans une explosion à la raffinerie.",
        "none",
    );
}

#[test]
fn the_lead_sentence_names_the_main_event() {
    check(
        "en",
        PUB,
        "Police arrested five suspects in the capital on Monday. On Wednesday, protesters rallied in the north.",
        "Arrests",
    );
}

fn assert_spans_point_into_text(text: &str, lang: &str) {
    let coder = EventCoder::rules_only();
    let tokens = sitrep_text::tokenize(text);
    let sentences = sitrep_text::sentences(text);
    let input = EventInput {
        doc_id: "p",
        text,
        tokens: &tokens,
        sentences: &sentences,
        lang,
        published: Some("2020-02-29"),
        places: &[],
        outlet: None,
    };
    let (events, _) = coder.code(&input);
    let chars: Vec<char> = text.chars().collect();
    for e in events {
        let ev = &e.evidence;
        for s in [
            &ev.sentence,
            &ev.trigger,
            &ev.actor1,
            &ev.actor2,
            &ev.place,
            &ev.date,
            &ev.fatalities,
            &ev.attribution,
            &e.attribution,
        ]
        .into_iter()
        .flatten()
        {
            assert!(s.start <= s.end && s.end <= chars.len());
            let slice: String = chars[s.start..s.end].iter().collect();
            assert_eq!(slice, s.text);
        }
    }
}

#[test]
fn spans_are_code_point_slices_on_fixtures() {
    assert_spans_point_into_text(include_str!("fixtures/fr-syria-deir-ez-zor.txt"), "fr");
    assert_spans_point_into_text(
        "Ğüñmén killed 5 villagers. Selon l'ÉI, 40 tués jeudi à Alep; «les combats» continuent.",
        "fr",
    );
    assert_spans_point_into_text("قُتل ثلاثة مدنيين في غارة جوية امس بحسب المرصد", "ar");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn never_panics_and_spans_hold(text in "\\PC{0,200}", lang in prop::sample::select(vec!["en", "fr", "es", "ar", "und"])) {
        assert_spans_point_into_text(&text, lang);
    }

    #[test]
    fn spans_hold_on_event_like_text(
        words in prop::collection::vec(prop::sample::select(vec![
            "killed", "tués", "12", "mars", "jeudi", "selon", "des", "sources", ",", ".", "?",
            "affrontements", "airstrike", "ISIS", "l'armée", "syrienne", "quarantaine", "une",
            "ans", "km", "no", "casualties", "aucune", "victime", "é", "قتل", "\n", "Lire plus :",
        ]), 0..40)
    ) {
        assert_spans_point_into_text(&words.join(" "), "fr");
        assert_spans_point_into_text(&words.join(" "), "en");
    }
}

#[test]
fn wire_story_conventions() {
    // `police said` is the source, not an actor; the killed are the target.
    check(
        "en",
        PUB,
        "A car bomb exploded near a market on Thursday, killing five people, police said.",
        "Remote explosive/landmine/IED | * | * | 2018-03-22/1 | 5 | police",
    );
    // …but not when the source phrase would swallow the event (`killing … police said`).
    check(
        "en",
        PUB,
        "Gunmen shot dead two villagers on Thursday local officials said.",
        "Attack | * | * | 2018-03-22/1 | 2",
    );
    // A protest that disperses on its own was not dispersed.
    check(
        "en",
        PUB,
        "Thousands of demonstrators marched peacefully on Thursday before dispersing.",
        "Peaceful protest | Protesters | -",
    );
    check(
        "en",
        PUB,
        "Police fired tear gas and dispersed the demonstrators on Thursday.",
        "Protest with intervention",
    );
    // Every demonstration has a crowd, named or not.
    check(
        "fr",
        PUB,
        "Une manifestation a rassemblé samedi plusieurs milliers de personnes contre la réforme.",
        "Peaceful protest | Protesters | - | 2018-03-24/1",
    );
}

#[test]
fn two_sides_and_coordination() {
    check(
        "fr",
        PUB,
        "Des combats ont opposé jeudi l'armée nigériane aux combattants de Boko Haram.",
        // (no places here, so the army's country is not known: `*`)
        "Armed clash | * | Boko Haram - Jamaatu Ahli is-Sunna lid-Dawati wal-Jihad",
    );
    check(
        "en",
        PUB,
        "Clashes broke out on Thursday between Syrian troops and Islamic State fighters.",
        "Armed clash | Military Forces of Syria | Islamic State",
    );
    // A trigger between two mentions ends their coordination: the coalition struck, the
    // civilians were killed.
    check(
        "fr",
        PUB,
        "Une frappe aérienne de la coalition menée par l'Arabie saoudite a tué six civils jeudi.",
        "Air/drone strike | Military Forces of Saudi Arabia | Civilians | 2018-03-22/1 | 6",
    );
}

#[test]
fn reported_deaths_keep_the_event_violent() {
    check(
        "en",
        PUB,
        "Gunmen killed 12 civilians in an attack on a village on Thursday and set fire to several houses.",
        "Attack | * | Civilians | 2018-03-22/1 | 12",
    );
}

// Spanish and Arabic at French/English depth (issue 15, item 4). Every sentence is invented.

#[test]
fn spanish_types_and_roles() {
    check(
        "es",
        PUB,
        "Guerrilleros del ELN atacaron una patrulla del ejército en la frontera.",
        "Armed clash | ELN: National Liberation Army | Military Forces",
    );
    check(
        "es",
        PUB,
        "Disidentes de las FARC secuestraron a dos ingenieros el jueves.",
        "Abduction/forced disappearance | FARC Dissidents | * | 2018-03-22/1",
    );
    check(
        "es",
        PUB,
        "Sicarios del Clan del Golfo asesinaron a un líder social en su casa.",
        "Attack | AGC: Gaitanist Self-Defense Forces of Colombia",
    );
    check(
        "es",
        PUB,
        "La policía antidisturbios dispersó a los manifestantes con gases lacrimógenos.",
        "Protest with intervention | Police Forces",
    );
    check(
        "es",
        PUB,
        "Un coche bomba estalló frente a un cuartel de la gendarmería.",
        "Remote explosive/landmine/IED | Unidentified Armed Group | Police Forces",
    );
    check(
        "es",
        PUB,
        "Hombres armados atacaron una estación de policía y mataron a dos agentes.",
        "Armed clash | * | Police Forces | * | 2",
    );
}

#[test]
fn spanish_fatalities_traps() {
    check(
        "es",
        PUB,
        "El 12 de marzo, tres soldados murieron en una emboscada.",
        "Armed clash | * | * | 2018-03-12/1 | 3",
    );
    check(
        "es",
        PUB,
        "Un hombre de 45 años fue asesinado a tiros por desconocidos.",
        "Attack | * | * | * | 1",
    );
    check(
        "es",
        PUB,
        "A 30 kilómetros de allí, dos civiles murieron en un bombardeo aéreo.",
        "Air/drone strike | * | * | * | 2",
    );
    check(
        "es",
        PUB,
        "Una veintena de guerrilleros murieron en los combates con el ejército.",
        "Armed clash | * | * | * | 20",
    );
    check(
        "es",
        PUB,
        "Un proyectil de mortero cayó sobre el pueblo sin dejar víctimas.",
        "Shelling/artillery/missile attack | * | * | * | 0",
    );
}

#[test]
fn spanish_non_events() {
    check(
        "es",
        PUB,
        "El ejército negó haber bombardeado la aldea.",
        "none",
    );
    check(
        "es",
        PUB,
        "La guerrilla amenazó con atacar los puestos militares de la región.",
        "none",
    );
    check("es", PUB, "¿Volverán a atacar los disidentes?", "none");
    check(
        "es",
        PUB,
        "Un terremoto de magnitud 6 dejó 30 muertos en la costa.",
        "none",
    );
}

#[test]
fn spanish_attribution() {
    check(
        "es",
        PUB,
        "Según la fiscalía, cinco personas murieron en el ataque de los sicarios.",
        "Attack | * | * | * | 5 | fiscalía",
    );
    check(
        "es",
        PUB,
        "Tres policías murieron en un tiroteo con pandilleros, informó la policía nacional.",
        "Armed clash | Police Forces | Unidentified Gang | * | 3 | policía nacional",
    );
}

#[test]
fn arabic_types_and_roles() {
    check(
        "ar",
        PUB,
        "شن تنظيم داعش هجوما على حاجز للجيش العراقي امس",
        "Armed clash | Islamic State | Military Forces of Iraq | 2018-03-23/1",
    );
    check(
        "ar",
        PUB,
        "اختطف مسلحون مجهولون ثلاثة صيادين قرب الساحل",
        "Abduction/forced disappearance | Unidentified Armed Group",
    );
    check(
        "ar",
        PUB,
        "فرقت شرطة مكافحة الشغب المتظاهرين بالغاز المسيل للدموع",
        "Protest with intervention | Police Forces",
    );
    check(
        "ar",
        PUB,
        "انفجرت عبوة ناسفة بدورية للشرطة على طريق المطار",
        "Remote explosive/landmine/IED | Unidentified Armed Group | Police Forces",
    );
}

#[test]
fn arabic_clitics_and_the_article() {
    // و (and), ب (by/with), ل (for/of), ف (so) and the article ال are read off the word.
    check(
        "ar",
        PUB,
        "وقصفت طائرات حربية مواقع لداعش",
        "Air/drone strike | * | Islamic State",
    );
    check(
        "ar",
        PUB,
        "فاندلعت الاشتباكات بين الجيش والمسلحين",
        "Armed clash | Military Forces | Unidentified Armed Group",
    );
    check(
        "ar",
        PUB,
        "وقتل جنديان بانفجار عبوة ناسفة",
        "Remote explosive/landmine/IED | * | * | * | 2",
    );
}

#[test]
fn arabic_fatalities_traps() {
    check(
        "ar",
        PUB,
        "قتل رجل يبلغ من العمر 45 عاما برصاص مسلحين",
        "* | * | * | * | 1",
    );
    check(
        "ar",
        PUB,
        "على بعد 30 كيلومترا قتل ثلاثة مدنيين في قصف مدفعي",
        "Shelling/artillery/missile attack | * | * | * | 3",
    );
    check(
        "ar",
        PUB,
        "في 12 مارس قتل خمسة جنود في هجوم لداعش",
        "Armed clash | * | Islamic State | 2018-03-12/1 | 5",
    );
    check(
        "ar",
        PUB,
        "سقطت قذيفة على القرية دون وقوع اصابات",
        "Shelling/artillery/missile attack | * | * | * | 0",
    );
}

#[test]
fn arabic_non_events() {
    check("ar", PUB, "نفى الجيش قصف القرية", "none");
    check("ar", PUB, "هدد التنظيم بشن هجمات على المدينة", "none");
    check("ar", PUB, "ضرب زلزال قوي المنطقة وقتل 30 شخصا", "none");
}

#[test]
fn arabic_attribution() {
    check(
        "ar",
        PUB,
        "قال المرصد السوري لحقوق الانسان ان سبعة مدنيين قتلوا في غارة جوية",
        "Air/drone strike | * | * | * | 7 | المرصد السوري لحقوق الانسان",
    );
    check(
        "ar",
        PUB,
        "وفقا لمصادر محلية قتل اربعة اشخاص في اشتباكات",
        "Armed clash | * | * | * | 4 | لمصادر محلية",
    );
}
