//! Note outcomes (seed 002): positive, negative, partial, unclassified — and
//! the classifier that reads them from a note's text (docs/SPEC.md §5 "Outcome").
//!
//! Text and phrases are folded (lower case, accents stripped, punctuation as
//! spaces) and matched on whole words: scanning left to right, the longest
//! phrase starting at each word wins and consumes its words, so "pas
//! intéressé" is negative, never positive. The outcome with the most matches
//! wins; no match or a tie for first is `unclassified`.

mod phrases;

use serde::Serialize;

use crate::text::fold;

/// The outcome of a note or a call (seed 002's outcome classification).
///
/// ```
/// use relance_core::Outcome;
/// assert_eq!(Outcome::parse("metLate"), None);
/// assert_eq!(Outcome::parse("partial"), Some(Outcome::Partial));
/// assert_eq!(Outcome::Negative.as_str(), "negative");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The lead is interested, a step forward.
    Positive,
    /// The lead declined.
    Negative,
    /// Neither: call back, no answer, more information needed.
    Partial,
    /// Nothing says which.
    Unclassified,
}

impl Outcome {
    /// Every outcome, in report order.
    pub const ALL: [Outcome; 4] = [Outcome::Positive, Outcome::Negative, Outcome::Partial, Outcome::Unclassified];

    /// Reads `positive`, `negative`, `partial` or `unclassified`.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// The outcome as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Positive => "positive",
            Outcome::Negative => "negative",
            Outcome::Partial => "partial",
            Outcome::Unclassified => "unclassified",
        }
    }
}

/// One phrase: its words (folded) and its outcome.
#[derive(Clone, Debug)]
struct Phrase {
    words: Vec<Box<str>>,
    outcome: Outcome,
}

/// Phrases sorted by first word, longest first within a first word.
#[derive(Clone, Debug, Default)]
struct Table {
    phrases: Vec<Phrase>,
}

impl Table {
    fn new(mut phrases: Vec<Phrase>) -> Table {
        phrases.retain(|p| !p.words.is_empty());
        crate::index::sort(&mut phrases, |a, b| a.words[0].cmp(&b.words[0]).then(b.words.len().cmp(&a.words.len())));
        Table { phrases }
    }

    /// The outcome of the words, and how many phrases matched per outcome.
    fn classify(&self, words: &[&str]) -> Outcome {
        let mut counts = [0usize; 3];
        let mut i = 0;
        while i < words.len() {
            let start = self.phrases.partition_point(|p| &*p.words[0] < words[i]);
            let found = self.phrases[start..]
                .iter()
                .take_while(|p| &*p.words[0] == words[i])
                .find(|p| words.len() - i >= p.words.len() && p.words.iter().zip(&words[i..]).all(|(a, b)| **a == **b));
            match found {
                Some(p) => {
                    counts[p.outcome as usize] += 1;
                    i += p.words.len();
                }
                None => i += 1,
            }
        }
        let best = counts.iter().copied().max().unwrap_or(0);
        match counts.iter().position(|&c| c == best) {
            Some(o) if best > 0 && counts.iter().filter(|&&c| c == best).count() == 1 => Outcome::ALL[o],
            _ => Outcome::Unclassified,
        }
    }
}

/// The classifier of a workflow: the built-in lists with the workflow's
/// `outcomes` overrides, one table per locale and one for every locale.
#[derive(Clone, Debug)]
pub(crate) struct Classifier {
    /// (language, its phrases), sorted by language.
    locales: Vec<(String, Table)>,
    /// Every locale's phrases (a phrase listed by several keeps the first).
    all: Table,
}

impl Classifier {
    /// The built-in lists, each (locale, outcome) list replaced by the
    /// override for that locale, else by the override for every locale.
    /// `overrides`: (locale or `None` for every locale, outcome, phrases).
    pub(crate) fn new(overrides: &[(Option<&str>, Outcome, &[String])]) -> Classifier {
        // (language, outcome, overridden, phrases); language "" is every language.
        let mut lists: Vec<(String, Outcome, bool, Vec<&str>)> = Vec::new();
        for (l, o, p) in phrases::BUILTIN.iter() {
            lists.push(((*l).to_owned(), *o, false, p.to_vec()));
        }
        for (l, o, p) in overrides {
            lists.push((l.map(language).unwrap_or_default(), *o, true, p.iter().map(String::as_str).collect()));
        }
        // One list per (language, outcome): the last listed (an override over the built-in).
        crate::index::sort(&mut lists, |a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        lists.reverse();
        lists.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
        lists.reverse();
        let find = |lang: &str, outcome: Outcome| {
            let i = lists.binary_search_by(|(l, o, _, _)| (l.as_str(), *o).cmp(&(lang, outcome))).ok()?;
            Some(&lists[i])
        };
        let phrase = |outcome: Outcome, text: &str| Phrase {
            words: fold(text).split(' ').filter(|w| !w.is_empty()).map(Box::from).collect(),
            outcome,
        };
        let mut languages: Vec<&str> = lists.iter().map(|(l, _, _, _)| l.as_str()).filter(|l| !l.is_empty()).collect();
        languages.dedup();
        let mut all = Vec::new();
        let mut locales = Vec::with_capacity(languages.len());
        for lang in languages {
            let mut phrases = Vec::new();
            for outcome in [Outcome::Positive, Outcome::Negative, Outcome::Partial] {
                // A locale's own override, else the override for every locale, else the built-in list.
                let list = match (find(lang, outcome), find("", outcome)) {
                    (Some(own), _) if own.2 => Some(own),
                    (_, Some(every)) => Some(every),
                    (own, None) => own,
                };
                if let Some((_, _, _, list)) = list {
                    phrases.extend(list.iter().map(|p| phrase(outcome, p)));
                }
            }
            all.extend(phrases.iter().cloned());
            locales.push((lang.to_owned(), Table::new(phrases)));
        }
        // A phrase listed by several locales keeps its first listing (stable sort).
        crate::index::sort(&mut all, |a: &Phrase, b: &Phrase| a.words.cmp(&b.words));
        all.dedup_by(|a, b| a.words == b.words);
        Classifier { locales, all: Table::new(all) }
    }

    /// The outcome of `text` in `locale`'s language (every locale's lists
    /// when `locale` is `None` or a language with no lists).
    pub(crate) fn classify(&self, text: &str, locale: Option<&str>) -> Outcome {
        let table = locale
            .map(language)
            .and_then(|lang| self.locales.iter().find(|(l, _)| *l == lang))
            .map_or(&self.all, |(_, t)| t);
        let folded = fold(text);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        table.classify(&words)
    }
}

/// The language of a locale tag: `fr-CA` → `fr`.
fn language(locale: &str) -> String {
    locale.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_phrase_wins_and_ties_are_unclassified() {
        let c = Classifier::new(&[]);
        assert_eq!(c.classify("pas intéressé", Some("fr")), Outcome::Negative);
        assert_eq!(c.classify("Intéressé !", Some("fr-CA")), Outcome::Positive);
        assert_eq!(c.classify("Not interested.", None), Outcome::Negative);
        assert_eq!(c.classify("", None), Outcome::Unclassified);
        assert_eq!(c.classify("blue sky", None), Outcome::Unclassified);
    }

    #[test]
    fn overrides_by_locale_and_for_every_locale() {
        let neg = vec!["nope".to_owned()];
        let pos = vec!["banzai".to_owned()];
        let c = Classifier::new(&[(Some("fr"), Outcome::Negative, &neg), (None, Outcome::Positive, &pos)]);
        assert_eq!(c.classify("nope", Some("fr")), Outcome::Negative);
        assert_eq!(c.classify("pas interesse", Some("fr")), Outcome::Unclassified, "the fr negative list is replaced");
        assert_eq!(c.classify("banzai", Some("en")), Outcome::Positive);
        assert_eq!(c.classify("interested", Some("en")), Outcome::Unclassified, "every positive list is replaced");
        assert_eq!(c.classify("not interested", Some("en")), Outcome::Negative, "en negatives are kept");
    }
}
