//! The Spanish, Portuguese, German and French lexicons (`lexicons/<lang>/`): every category
//! tags a chat sentence written in that language and leaves an ordinary one alone, and each
//! language's negators turn a hit into a negated one unless the entry carries its own negator.
//!
//! The sentences are written for these tests.

use std::path::PathBuf;

use crate::util::{cell, closeread, parse_csv, run_ok};

/// One category's pair of sentences: `tagged` must count at least one hit in `category`,
/// `untagged` none.
struct Case {
    category: &'static str,
    tagged: &'static str,
    untagged: &'static str,
}

const fn case(category: &'static str, tagged: &'static str, untagged: &'static str) -> Case {
    Case {
        category,
        tagged,
        untagged,
    }
}

const CATEGORIES: [&str; 11] = [
    "appreciation",
    "empathy",
    "conflict",
    "repair",
    "support",
    "vulnerability",
    "listening",
    "connection",
    "togetherness",
    "autonomy",
    "reflection",
];

const SPANISH: &[Case] = &[
    case(
        "appreciation",
        "mil gracias por traerme la cena, eres lo máximo",
        "el tren sale a las ocho y media",
    ),
    case(
        "empathy",
        "uf, debe ser muy duro todo lo de tu papá",
        "compré pan y leche en la tienda",
    ),
    case(
        "conflict",
        "ya estoy harta de que llegues tarde, q pendejo",
        "mañana llueve según el pronóstico",
    ),
    case(
        "conflict",
        "qué asco lo que hiciste",
        "la reunión se movió al jueves",
    ),
    case(
        "conflict",
        "cómo te atreves, sal de aquí",
        "mañana salgo de aquí a las ocho",
    ),
    case(
        "repair",
        "perdóname, me pasé con lo que te dije anoche",
        "el partido empieza a las nueve",
    ),
    case(
        "support",
        "ánimo, tú puedes con ese examen",
        "el paquete llegó esta mañana",
    ),
    case(
        "vulnerability",
        "la verdad me siento muy sola últimamente",
        "la película dura dos horas",
    ),
    case(
        "listening",
        "cuéntame más, qué pasó en la entrevista?",
        "hay que sacar la basura",
    ),
    case(
        "connection",
        "buenos días amor, cómo amaneciste? tqm",
        "el precio subió otra vez",
    ),
    case(
        "togetherness",
        "te acuerdas cuando fuimos juntos a la playa?",
        "el coche está en el taller",
    ),
    case(
        "autonomy",
        "necesito mi espacio este fin, es mi decisión",
        "la cena está en el horno",
    ),
    case(
        "reflection",
        "me di cuenta de que siempre evito hablar de esto",
        "el bus pasa cada quince minutos",
    ),
];

const PORTUGUESE: &[Case] = &[
    case(
        "appreciation",
        "valeu demais por me buscar, vc é incrível",
        "o ônibus atrasou dez minutos",
    ),
    case(
        "empathy",
        "poxa, deve ser muito difícil passar por isso",
        "comprei arroz e feijão no mercado",
    ),
    case(
        "conflict",
        "que saco, vc nunca lava a louça, tô de saco cheio",
        "amanhã vai chover de tarde",
    ),
    case(
        "conflict",
        "pqp que palhaçada",
        "a reunião mudou pra quinta",
    ),
    case(
        "conflict",
        "como você ousa? me solta, tá louco?",
        "vou sair daqui às oito, me espera",
    ),
    case(
        "repair",
        "foi mal, eu exagerei ontem, me desculpa",
        "o jogo começa às nove",
    ),
    case(
        "support",
        "força, vc consegue passar nessa prova",
        "o pacote chegou hoje cedo",
    ),
    case(
        "vulnerability",
        "tô com saudade e me sinto sozinha aqui",
        "o filme tem duas horas",
    ),
    case(
        "listening",
        "me conta mais, o que aconteceu na entrevista?",
        "tem que tirar o lixo",
    ),
    case(
        "connection",
        "bom dia amor, dormiu bem? bjs",
        "o preço subiu de novo",
    ),
    case(
        "togetherness",
        "lembra quando a gente foi pra praia juntos?",
        "o carro tá na oficina",
    ),
    case(
        "autonomy",
        "preciso de um tempo pra mim, é minha decisão",
        "o bolo tá no forno",
    ),
    case(
        "reflection",
        "caiu a ficha, percebi que eu sempre fujo dessa conversa",
        "o ônibus passa a cada quinze minutos",
    ),
];

const GERMAN: &[Case] = &[
    case(
        "appreciation",
        "danke dir, du bist ein schatz",
        "der zug fährt um halb neun",
    ),
    case(
        "empathy",
        "oh je, das klingt echt hart mit deinem vater",
        "ich hab brot und milch gekauft",
    ),
    case(
        "conflict",
        "du gehst mir so auf die nerven, was soll der scheiß",
        "morgen regnet es laut wetterbericht",
    ),
    case(
        "conflict",
        "boah ist der typ ein vollidiot",
        "das meeting ist jetzt am donnerstag",
    ),
    case(
        "conflict",
        "beruhig dich, bist du verrückt? lass mich los",
        "ich bin ganz verrückt nach dir",
    ),
    case(
        "repair",
        "tut mir leid wegen gestern, war blöd von mir",
        "das spiel fängt um neun an",
    ),
    case(
        "support",
        "kopf hoch, du schaffst das mit der prüfung",
        "das paket kam heute früh",
    ),
    case(
        "vulnerability",
        "ehrlich gesagt fühle ich mich gerade sehr einsam",
        "der film dauert zwei stunden",
    ),
    case(
        "listening",
        "erzähl mal, was ist beim vorstellungsgespräch passiert?",
        "der müll muss raus",
    ),
    case(
        "connection",
        "guten morgen schatz, gut geschlafen? hdl",
        "der preis ist wieder gestiegen",
    ),
    case(
        "togetherness",
        "weißt du noch, als wir zusammen am meer waren?",
        "das auto ist in der werkstatt",
    ),
    case(
        "autonomy",
        "ich brauche heute zeit für mich, das ist meine entscheidung",
        "der kuchen ist im ofen",
    ),
    case(
        "reflection",
        "mir ist klar geworden, dass ich solchen gesprächen ausweiche",
        "der bus kommt alle zehn minuten",
    ),
];

const FRENCH: &[Case] = &[
    case(
        "appreciation",
        "merci bcp pour le dîner, t'es un amour",
        "le train part à huit heures et demie",
    ),
    case(
        "empathy",
        "oh non, ça doit être dur avec ton père",
        "j'ai acheté du pain et du lait",
    ),
    case(
        "conflict",
        "j'en ai marre, tu m'énerves avec tes retards",
        "demain il pleut selon la météo",
    ),
    case(
        "conflict",
        "ta gueule, espèce de connard",
        "la réunion est déplacée à jeudi",
    ),
    case(
        "conflict",
        "calme toi, t'es complètement malade",
        "il est malade depuis lundi, il reste au lit",
    ),
    case(
        "conflict",
        "tu me prends pour une idiote ou quoi ?",
        "tu me prends à la gare vers huit heures ?",
    ),
    case(
        "conflict",
        "pourquoi tu m'as pas répondu ? tu vas me le payer",
        "pourquoi pas, je vais payer le resto ce soir",
    ),
    case(
        "conflict",
        "c'est quoi ton problème, ça me dégoûte",
        "c'est pas mal du tout ton dessin",
    ),
    case(
        "conflict",
        "jm'en fous de tes excuses, je t'en veux",
        "j'en veux encore, de ce gâteau",
    ),
    case(
        "conflict",
        "j'en ai marre, je vais le tuer",
        "on se marre trop, histoire de tuer le temps avec du porc grillé",
    ),
    case(
        "conflict",
        "fichez nous la paix, vous exagérez",
        "on a fait la paix hier soir, tout va bien",
    ),
    case(
        "conflict",
        "tu t'en fous de ce que je ressens, t'es jamais là",
        "je m'en vais à huit heures, t'es là ce soir ?",
    ),
    case(
        "conflict",
        "rien à cirer de tes excuses, c'est abject",
        "j'ai fait une attaque de panique hier, fais gaffe à toi",
    ),
    case(
        "repair",
        "désolée pour hier soir, j'ai exagéré",
        "le match commence à neuf heures",
    ),
    case(
        "support",
        "courage pour ton exam, tu vas y arriver",
        "le colis est arrivé ce matin",
    ),
    case(
        "vulnerability",
        "franchement je me sens seule en ce moment",
        "le film dure deux heures",
    ),
    case(
        "listening",
        "raconte moi, qu'est ce qui s'est passé à l'entretien ?",
        "il faut sortir la poubelle",
    ),
    case(
        "connection",
        "coucou mon coeur, bien dormi ? jtm",
        "le prix a encore augmenté",
    ),
    case(
        "togetherness",
        "tu te souviens quand on était à la plage ensemble ?",
        "la voiture est au garage",
    ),
    case(
        "autonomy",
        "j'ai besoin de temps pour moi, c'est ma décision",
        "le gâteau est au four",
    ),
    case(
        "reflection",
        "je me suis rendu compte que j'évite toujours ce sujet",
        "le bus passe toutes les dix minutes",
    ),
];

/// The folder of one language's lexicons in this repository.
fn lexicons(lang: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("lexicons")
        .join(lang)
}

/// Tags every sentence of `cases` (one record per line, tagged then untagged) with the
/// built-in lexicons of `lang` and checks each category's count.
fn check_language(lang: &str, cases: &[Case]) {
    let covered: Vec<&str> = cases.iter().map(|case| case.category).collect();
    for category in CATEGORIES {
        assert!(
            covered.contains(&category),
            "{lang}: no case for {category}"
        );
    }
    let input: String = cases
        .iter()
        .flat_map(|case| [case.tagged, case.untagged])
        .map(|sentence| format!("{sentence}\n"))
        .collect();
    let (header, rows) = tag(lang, input);
    assert_eq!(rows.len(), cases.len() * 2, "{lang}: one row per sentence");
    for (index, case) in cases.iter().enumerate() {
        let tagged = &rows[index * 2];
        let untagged = &rows[index * 2 + 1];
        let hits: u64 = cell(&header, tagged, case.category).parse().unwrap();
        assert!(
            hits > 0,
            "{lang} {}: not tagged: {:?} (matched: {})",
            case.category,
            case.tagged,
            cell(&header, tagged, "matched")
        );
        assert_eq!(
            cell(&header, untagged, case.category),
            "0",
            "{lang} {}: tagged: {:?} (matched: {})",
            case.category,
            case.untagged,
            cell(&header, untagged, "matched")
        );
    }
}

/// Runs `closeread tag --lang LANG` on `input`, one record per line; returns the CSV.
fn tag(lang: &str, input: String) -> (Vec<String>, Vec<Vec<String>>) {
    let output = closeread()
        .args([
            "tag",
            "--format",
            "lines",
            "--evidence",
            "--lang",
            lang,
            "-",
        ])
        .write_stdin(input)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (header, rows) = parse_csv(&String::from_utf8(output.stdout).expect("UTF-8"));
    for row in &rows {
        assert_eq!(cell(&header, row, "lang"), lang);
    }
    (header, rows)
}

/// A sentence whose hit in `category` is negated by the language's negators, or, when
/// `counted`, an entry that carries its own negator and so still counts.
struct Negation {
    lang: &'static str,
    category: &'static str,
    sentence: &'static str,
    counted: bool,
}

const fn negation(
    lang: &'static str,
    category: &'static str,
    sentence: &'static str,
    counted: bool,
) -> Negation {
    Negation {
        lang,
        category,
        sentence,
        counted,
    }
}

const NEGATIONS: &[Negation] = &[
    negation("es", "connection", "ya no te quiero", false),
    negation("es", "appreciation", "no te agradezco nada", false),
    negation("es", "conflict", "tranquilo, no eres un idiota", false),
    negation(
        "es",
        "support",
        "no te preocupes, todo va a salir bien",
        true,
    ),
    negation("pt", "connection", "não te amo mais", false),
    negation("pt", "vulnerability", "não tenho medo de nada", false),
    negation("pt", "appreciation", "não gostei, nada incrível", false),
    negation("pt", "support", "não se preocupa, vai dar certo", true),
    negation("pt", "appreciation", "valeu não precisava", true),
    negation("de", "connection", "ich liebe dich nicht mehr", false),
    negation("de", "appreciation", "das ist nicht toll", false),
    negation("de", "conflict", "ich bin nicht sauer auf dich", false),
    negation("de", "support", "mach dir keine sorgen", true),
    negation("de", "appreciation", "danke nicht nötig", true),
    negation("fr", "connection", "je t'aime pas", false),
    negation("fr", "appreciation", "c'est pas génial", false),
    negation("fr", "conflict", "je suis pas énervé", false),
    negation("fr", "conflict", "je suis pas fâché contre toi", false),
    negation("fr", "conflict", "t'es pas méchant, juste fatigué", false),
    negation(
        "fr",
        "conflict",
        "t'as pas le droit de me parler comme ça",
        true,
    ),
    negation("fr", "conflict", "hors de question que tu sortes", true),
    negation("fr", "conflict", "je t'en veux pas, t'inquiète", false),
    negation("fr", "support", "t'inquiète pas, ça va aller", true),
    negation("fr", "appreciation", "merci pas de souci", true),
];

/// `lexicons check` finds no problem in the language's folder.
fn check_is_clean(lang: &str) {
    let dir = lexicons(lang);
    let out = run_ok(&["lexicons", "check", dir.to_str().unwrap()]);
    assert!(out.contains("no problems found"), "{lang}: {out}");
}

#[test]
fn negators_of_each_language_apply_to_its_entries() {
    for case in NEGATIONS {
        let (header, rows) = tag(case.lang, format!("{}\n", case.sentence));
        let row = &rows[0];
        let hits = cell(&header, row, case.category);
        let negated = cell(&header, row, &format!("{}_negated", case.category));
        let as_expected = if case.counted {
            hits != "0" && negated == "0"
        } else {
            hits == "0" && negated != "0"
        };
        assert!(
            as_expected,
            "{} {} {:?}: {} hits, {} negated (matched: {})",
            case.lang,
            case.category,
            case.sentence,
            hits,
            negated,
            cell(&header, row, "matched")
        );
    }
}

#[test]
fn spanish_lexicons_tag_chat_sentences() {
    check_language("es", SPANISH);
}

#[test]
fn spanish_lexicons_pass_check() {
    check_is_clean("es");
}

#[test]
fn portuguese_lexicons_tag_chat_sentences() {
    check_language("pt", PORTUGUESE);
}

#[test]
fn portuguese_lexicons_pass_check() {
    check_is_clean("pt");
}

#[test]
fn german_lexicons_tag_chat_sentences() {
    check_language("de", GERMAN);
}

#[test]
fn german_lexicons_pass_check() {
    check_is_clean("de");
}

#[test]
fn french_lexicons_tag_chat_sentences() {
    check_language("fr", FRENCH);
}

#[test]
fn french_lexicons_pass_check() {
    check_is_clean("fr");
}
