//! Protests are refined by what happened to or at them: protesters who rioted (stones, arson,
//! "turned violent") make a Violent demonstration; lethal force against them (live ammunition,
//! protesters killed) Excessive force against protesters; any other intervention (tear gas,
//! dispersal, arrests) Protest with intervention; otherwise a Peaceful protest.

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ProtestContext {
    pub violent: bool,
    pub lethal: bool,
    pub intervention: bool,
}

/// The refined sub-event type name and the rule text, for a protest-family event.
pub(crate) fn refine(ctx: ProtestContext) -> (&'static str, Option<&'static str>) {
    if ctx.violent {
        (
            "Violent demonstration",
            Some("protest with violence by demonstrators coded as Violent demonstration"),
        )
    } else if ctx.lethal {
        (
            "Excessive force against protesters",
            Some("lethal force against protesters coded as Excessive force against protesters"),
        )
    } else if ctx.intervention {
        (
            "Protest with intervention",
            Some("protest dispersed or suppressed coded as Protest with intervention"),
        )
    } else {
        ("Peaceful protest", None)
    }
}
