//! Every number that decides how a place is read, in one struct.
//!
//! A reading's score is a sum of signals (see [`crate::resolve`]): a population prior, the
//! feature type, the document's countries and divisions, nouns around the name, a comma
//! qualifier, the capital of a province named like it, then proximity to the document's other
//! places; the best score wins. Support checks afterwards drop or replace doubtful readings
//! within fixed radii. Each field says what it rewards and where its value comes from: the
//! section "Resolution weights" of `BENCHMARKS.md` lists them with the measurements behind them
//! (most were set when their mechanism was added and measured only as part of it; the ones
//! measured on their own say so). Change a value only with a measurement on the four geo
//! files, both halves, and record it there.

/// The scoring constants of resolution (and the population thresholds recognition shares).
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    // --- What makes a place known ------------------------------------------------------------
    /// Population from which a place is well known: a capitalised frequent word may name it,
    /// it lends its fame to recognition filters, and a village is not "borrowing" its name
    /// from a city smaller than this. Set with the common-word filter (first stop); the
    /// borrowed-name rule that reuses it was measured at the sixth stop.
    pub well_known: u64,
    /// Population from which a city is known by a shortened name (`New York` is the city
    /// although New York State shares the name) and the population a featureless entry of the
    /// reviewed table (a sea, a desert, a region) is taken to have. Fifth stop ("a division
    /// called by its own name").
    pub world_city: u64,
    /// How many times larger a place must be than its namesakes for the name to be taken as
    /// its: a dominant reading lends its country to the document context, and a village named
    /// like a city this much larger borrows the name. Sixth stop (borrowed names).
    pub dominance: u64,

    // --- Prior: the reading on its own -------------------------------------------------------
    /// Weight of ln(1 + population) for places. Third stop: 0.45 and 0.55 measured worse on
    /// LGL (−0.003 / −0.007).
    pub population: f32,
    /// The same for divisions, whose population is the sum of their places: damped so that a
    /// division does not outweigh a well-known city of its name (`Washington`, `Genève`).
    /// Set with the feature priors (first stop).
    pub division_population: f32,
    /// Feature bonus of a country (`A.PCL*`).
    pub country_feature: f32,
    /// Feature bonus of a continent (`L.CONT`).
    pub continent_feature: f32,
    /// Feature bonus of a first-level division (`A.ADM1`).
    pub admin1_feature: f32,
    /// Feature bonus of a national capital (`P.PPLC`).
    pub capital_feature: f32,
    /// Feature bonus of a division's seat (`P.PPLA`).
    pub seat_feature: f32,
    /// Feature bonus of a physical feature (`H`, `T`, `L`) or a landmark of the reviewed table:
    /// the gazetteer holds only the major ones.
    pub landmark_feature: f32,

    // --- Prior: the document's countries and divisions ---------------------------------------
    /// Bonus of a reading whose country the document names (a country named as an actor says
    /// little about where a town is: first-level divisions and proximity do the local work).
    pub country_named: f32,
    /// Bonus per vote for that country, up to [`Weights::country_votes_cap`] votes.
    pub country_vote: f32,
    pub country_votes_cap: f32,
    /// Bonus for the country's share of all country votes.
    pub country_share: f32,
    /// The share a sea, an ocean or a region across borders (no country) counts as having when
    /// the document names countries: it gets what a named country would give, or every small
    /// town of those countries named like it outranks it (`Atlantic`, Iowa). Fourth stop.
    pub borderless_share: f32,
    /// Bonus of a place (not a division itself) in a first-level division the document names.
    /// Third stop: also giving it to divisions measured LGL +0.001, GWN −0.001 (not kept).
    pub division_context: f32,

    // --- Prior: words around the name ---------------------------------------------------------
    /// A settlement noun (`village de`) or a press title (`Tribune`) makes a populated place
    /// likelier. Press titles: sixth stop.
    pub settlement_noun: f32,
    /// An admin noun (`province de`, `Deir ez-Zor province`) makes a division likelier.
    pub admin_noun: f32,
    /// Subtracted from readings found through the transliteration skeleton (`Abou Kamal` →
    /// `Abu Kamal`): an approximate spelling is weaker evidence than an exact one.
    pub skeleton_penalty: f32,
    /// Least share of the document's country votes a country needs for the transliteration
    /// skeleton to read names in it: a country the text is about (Syria and Iraq in a story
    /// about their border share the votes about evenly), not one named in passing among many
    /// (on French press, surnames became towns of countries named once). Issue 16, third
    /// sitting: the only value measured, 0.2 (hipe-fr overlap tune +0.009, check +0.006).
    pub skeleton_country_share: f32,
    /// A reading called by its own gazetteer name, not an alternate one (`Tunis` is the city's
    /// name and an old name of Tunisia). Third stop: LGL 0.851 → 0.853, GWN 0.785 → 0.786.
    pub own_name: f32,
    /// A reading inside the division or country named right after a comma (`Paris, Illinois`).
    pub comma_qualifier: f32,
    /// A city named like the province it lies in is its capital, and the press means the city
    /// (`Deir ez-Zor`, `Genève`). Only the likeliest province lends it (third stop).
    pub seat: f32,

    // --- Document context: what each mention says about the document --------------------------
    /// Vote of a mention that can be a country for that country.
    pub vote_country: f32,
    /// Vote of a mention that can be a first-level division for that division.
    pub vote_admin1: f32,
    /// Vote for the country of a name whose readings all lie in one country, or whose first
    /// reading dominates.
    pub vote_country_of_readings: f32,
    /// Vote of each demonym in the text (`Iraqi`, `syro-irakiennes`) for its country.
    pub vote_demonym: f32,

    // --- Spatial coherence: the document's other places --------------------------------------
    /// Distance scale of closeness, exp(−d / scale), to the other names' readings.
    pub closeness_km: f32,
    /// Weight of closeness to the nearest reading of another name (`Paris` next to `Edgar
    /// County` is Paris, Illinois).
    pub near_any_reading: f32,
    /// Weight of closeness to the nearest first choice of another name.
    pub near_first_choice: f32,
    /// A country or first-level division containing some reading of another name: its one
    /// point says little about a whole territory (`Mexico` among Mexican towns is the
    /// country). Third stop; fifth stop swapped the two values (they were 2 and 1).
    pub territory_any: f32,
    /// The same, containing another name's first choice.
    pub territory_first: f32,

    // --- Confidence ------------------------------------------------------------------------------
    /// Factor on the confidence of a skeleton reading.
    pub skeleton_confidence: f32,

    // --- Support: radii of the checks after scoring ------------------------------------------
    /// A minor place found inside a longer given span (`Jones` in `Robert Jones Tennis Club`) is
    /// kept only this close to the document's other places. Fourth stop.
    pub inner_name_km: f32,
    /// The radius of local support: a one-word minor place without a locative word is kept
    /// only this close to a placed name (fourth stop: 100 and 350 km measured worse on HIPE,
    /// −0.006 / −0.003), and a given span read as a minor place farther than this from all the
    /// document's places gives way to a namesake within it (fifth and sixth stops).
    pub support_km: f32,
}

impl Weights {
    /// The values measured on the development files (see the field docs and `BENCHMARKS.md`).
    pub const DEFAULT: Weights = Weights {
        well_known: 100_000,
        world_city: 1_000_000,
        dominance: 20,
        population: 0.35,
        division_population: 0.25,
        country_feature: 4.0,
        continent_feature: 3.0,
        admin1_feature: 1.5,
        capital_feature: 1.5,
        seat_feature: 0.5,
        landmark_feature: 1.5,
        country_named: 1.5,
        country_vote: 1.0,
        country_votes_cap: 2.0,
        country_share: 2.0,
        borderless_share: 0.5,
        division_context: 3.0,
        settlement_noun: 2.0,
        admin_noun: 3.0,
        skeleton_penalty: 2.0,
        skeleton_country_share: 0.2,
        own_name: 1.5,
        comma_qualifier: 5.0,
        seat: 2.5,
        vote_country: 1.0,
        vote_admin1: 1.0,
        vote_country_of_readings: 0.5,
        vote_demonym: 0.3,
        closeness_km: 150.0,
        near_any_reading: 2.0,
        near_first_choice: 1.0,
        territory_any: 1.0,
        territory_first: 2.0,
        skeleton_confidence: 0.6,
        inner_name_km: 100.0,
        support_km: 200.0,
    };
}

impl Default for Weights {
    fn default() -> Weights {
        Weights::DEFAULT
    }
}
