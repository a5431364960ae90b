//! Text folding without Unicode tables.
//!
//! `str::to_lowercase` carries about 7 KB (gzipped) of case tables, more than
//! a twentieth of the package budget. Lead data is overwhelmingly in Latin,
//! Greek or Cyrillic script, so relance folds those by their regular code
//! point layouts and leaves every other character unchanged (a documented
//! limit: `lower("ΣΑΣ")` folds, Armenian or Georgian capitals do not).

/// The lower-case form of `c` in Latin, Greek and Cyrillic; `c` otherwise.
pub(crate) fn lower_char(c: char) -> char {
    let u = c as u32;
    let l = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        0x130 => 0x69,
        0x178 => 0xFF,
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u % 2 == 0 => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x370 | 0x372 | 0x376 | 0x3F7 | 0x3FA => u + 1,
        0x37F => 0x3F3,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 37,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 63,
        0x391..=0x3A1 | 0x3A3..=0x3AB => u + 0x20,
        0x3CF => 0x3D7,
        0x3D8..=0x3EF if u % 2 == 0 => u + 1,
        0x3F4 => 0x3B8,
        0x3F9 => 0x3F2,
        0x3FD..=0x3FF => u - 130,
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        0x4C0 => 0x4CF,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x52F if u % 2 == 0 => u + 1,
        0x4C1..=0x4CE if u % 2 == 1 => u + 1,
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF if u % 2 == 0 => u + 1,
        0x1E9E => 0xDF,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// `s` in lower case (see [`lower_char`] for the scripts folded).
pub(crate) fn lower(s: &str) -> String {
    s.chars().map(lower_char).collect()
}

/// The base letters of a lower-case Latin letter with a diacritic (`é` → `e`,
/// `œ` → `oe`); `None` for any other character.
fn unaccent(c: char) -> Option<&'static str> {
    Some(match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĳ' => "ij",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' => "n",
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ß' => "ss",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Whether `c` separates words: ASCII punctuation, symbols and spaces, the
/// Latin-1 and general punctuation blocks, and whitespace. Every other
/// character (letters, digits, other scripts) is part of a word.
fn separates(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => false,
        '\0'..='\u{7f}' => true,
        '\u{80}'..='\u{bf}' => !matches!(c, 'ª' | 'µ' | 'º' | '²' | '³' | '¹'),
        '×'
        | '÷'
        | '\u{2000}'..='\u{206f}'
        | '\u{3000}'..='\u{303f}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff01}'..='\u{ff0f}' => true,
        _ => c.is_whitespace(),
    }
}

/// Text folded for matching (docs/SPEC.md §5): lower case, accents stripped (combining
/// marks too), every separator a single space, no space at either end.
/// `"N'est pas  intéressé !"` → `"n est pas interesse"`.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        if separates(c) {
            if !space {
                out.push(' ');
                space = true;
            }
            continue;
        }
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        let l = lower_char(c);
        match unaccent(l) {
            Some(base) => out.push_str(base),
            None => out.push(l),
        }
        space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Agrees with the standard library on every character of the folded
    /// scripts whose lower case is a single character.
    #[test]
    fn agrees_with_std_on_latin_greek_cyrillic() {
        let ranges = [0x20..0x180, 0x370..0x530, 0x1E00..0x1F00];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            let mut std = c.to_lowercase();
            let (Some(expected), None) = (std.next(), std.next()) else { continue };
            assert_eq!(lower_char(c), expected, "U+{:04X}", c as u32);
        }
        assert_eq!(lower("ÉLODIE Ÿ İSTANBUL ΣΟΦΙΑ ЁЛКА"), "élodie ÿ istanbul σοφια ёлка");
        assert_eq!(lower("Ա"), "Ա", "other scripts are left as they are");
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(fold("N'est pas  intéressé !"), "n est pas interesse");
        assert_eq!(fold("  Don't call ME again!!"), "don t call me again");
        assert_eq!(fold("Rendez-vous pris: Cœur & ÆSOP, Straße"), "rendez vous pris coeur aesop strasse");
        assert_eq!(fold("e\u{301}te\u{301}"), "ete", "combining accents are stripped too");
        assert_eq!(fold("Ёлка 123 «Привет»"), "ёлка 123 привет");
        assert_eq!(fold("…—"), "");
    }
}
