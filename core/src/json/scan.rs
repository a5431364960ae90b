//! A scanner of JSON text: it accepts exactly what serde_json accepts and
//! tells where values sit, building nothing. Reading an argument (a lead, a
//! context, a list of leads, a batch of events) is the hot path of every
//! call that crosses a binding, and serde_json's visitor protocol costs more
//! there than the scan itself; serde_json stays the parser of record for
//! everything else, and for the message of any text this scanner refuses
//! (callers re-read refused text with serde_json, a cold path).
//!
//! The scan is iterative, so any nesting depth is accepted (serde_json's
//! raw values accept it too), and linear in the text.
//!
//! What serde_json accepts, and so this scanner: RFC 8259 values with JSON's
//! four whitespace characters around them; in strings, no control
//! character below U+0020 and only the escapes `\" \\ \/ \b \f \n \r \t
//! \uXXXX` (a lone surrogate escape is accepted in a value, whose text is
//! kept raw; a key with escapes is decoded by serde_json, which refuses one).

/// A value's place in the text: `start..end` byte offsets.
pub(crate) type Span = (usize, usize);

/// The nesting of the value being skipped: one bit per level (1: an
/// object), inline for 128 levels, then on the heap.
struct Nesting {
    inline: [u64; 2],
    spill: Vec<u64>,
    depth: usize,
}

impl Nesting {
    fn new() -> Nesting {
        Nesting { inline: [0; 2], spill: Vec::new(), depth: 0 }
    }

    fn word(&mut self, level: usize) -> &mut u64 {
        let w = level / 64;
        if w < 2 {
            &mut self.inline[w]
        } else {
            if self.spill.len() <= w - 2 {
                self.spill.resize(w - 1, 0);
            }
            &mut self.spill[w - 2]
        }
    }

    fn push(&mut self, object: bool) {
        let (level, bit) = (self.depth, 1u64 << (self.depth % 64));
        let word = self.word(level);
        if object {
            *word |= bit;
        } else {
            *word &= !bit;
        }
        self.depth += 1;
    }

    /// The innermost container: `Some(true)` for an object.
    fn top(&mut self) -> Option<bool> {
        let level = self.depth.checked_sub(1)?;
        let bit = 1u64 << (level % 64);
        Some(*self.word(level) & bit != 0)
    }

    fn pop(&mut self) {
        self.depth -= 1;
    }
}

/// The bytes that end a plain run inside a string: `"`, `\\` and the control characters.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = true;
        c += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// A cursor over JSON text.
pub(crate) struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

/// The text is not JSON (the caller asks serde_json why).
pub(crate) struct Invalid;

type Scan<T> = Result<T, Invalid>;

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Scanner<'a> {
        Scanner { b: text.as_bytes(), i: 0 }
    }

    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Skips JSON whitespace.
    #[inline(always)]
    pub(crate) fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Consumes `c` (after whitespace).
    #[inline(always)]
    fn expect(&mut self, c: u8) -> Scan<()> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    /// Consumes `c` if it comes next (after whitespace).
    #[inline(always)]
    pub(crate) fn eat(&mut self, c: u8) -> bool {
        self.ws();
        let found = self.peek() == Some(c);
        self.i += usize::from(found);
        found
    }

    /// Whether only whitespace is left.
    pub(crate) fn end(&mut self) -> Scan<()> {
        self.ws();
        if self.i == self.b.len() {
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    /// A string (the cursor on its opening quote): the span of its content
    /// and whether it has escapes.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Scan<(Span, bool)> {
        if self.peek() != Some(b'"') {
            return Err(Invalid);
        }
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            // The plain run: neither a quote, a backslash nor a control character.
            let rest = self.b.get(self.i..).unwrap_or_default();
            self.i += rest.iter().position(|&c| SPECIAL[c as usize]).unwrap_or(rest.len());
            let Some(&c) = self.b.get(self.i) else { return Err(Invalid) };
            self.i += 1;
            match c {
                b'"' => return Ok(((start, self.i - 1), escaped)),
                b'\\' => {
                    escaped = true;
                    match self.peek() {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => self.i += 1,
                        Some(b'u') => {
                            let hex = self.b.get(self.i + 1..self.i + 5).ok_or(Invalid)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return Err(Invalid);
                            }
                            self.i += 5;
                        }
                        _ => return Err(Invalid),
                    }
                }
                0..=0x1f => return Err(Invalid),
                _ => {}
            }
        }
    }

    #[inline(always)]
    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Scan<()> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.peek() {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(Invalid),
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(Invalid);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(Invalid);
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn literal(&mut self, word: &[u8]) -> Scan<()> {
        if self.b.get(self.i..self.i + word.len()) == Some(word) {
            self.i += word.len();
            Ok(())
        } else {
            Err(Invalid)
        }
    }

    /// The next byte after whitespace, not consumed.
    #[inline(always)]
    pub(crate) fn next(&mut self) -> Option<u8> {
        self.ws();
        self.peek()
    }

    /// The text of a span.
    #[inline(always)]
    pub(crate) fn text(&self, (a, b): Span) -> &'a str {
        // The scanner stops only on ASCII bytes: spans fall on char boundaries.
        std::str::from_utf8(&self.b[a..b]).unwrap_or_default()
    }

    /// At an object (after whitespace), calls `entry` for each key (its
    /// content's text and whether it has escapes) with the cursor before
    /// its value, which `entry` must consume. The cursor must be on `{`.
    pub(crate) fn entries(&mut self, mut entry: impl FnMut(&mut Self, &'a str, bool) -> Scan<()>) -> Scan<()> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Ok(());
        }
        loop {
            self.ws();
            let (key, escaped) = self.string()?;
            self.expect(b':')?;
            entry(self, self.text(key), escaped)?;
            if self.eat(b',') {
                continue;
            }
            return self.expect(b'}');
        }
    }

    /// At a list (after whitespace), calls `item` with the cursor before
    /// each item, which `item` must consume. The cursor must be on `[`.
    pub(crate) fn items(&mut self, mut item: impl FnMut(&mut Self) -> Scan<()>) -> Scan<()> {
        self.expect(b'[')?;
        if self.eat(b']') {
            return Ok(());
        }
        loop {
            item(self)?;
            if self.eat(b',') {
                continue;
            }
            return self.expect(b']');
        }
    }

    /// A string value (after whitespace), decoded: `Ok(None)` when the next
    /// value is not a string (the cursor does not move).
    pub(crate) fn str_value(&mut self) -> Scan<Option<std::borrow::Cow<'a, str>>> {
        if self.next() != Some(b'"') {
            return Ok(None);
        }
        let (span, escaped) = self.string()?;
        if !escaped {
            return Ok(Some(self.text(span).into()));
        }
        match super::parse(self.text((span.0 - 1, span.1 + 1))) {
            Ok(serde_json::Value::String(s)) => Ok(Some(s.into())),
            _ => Err(Invalid),
        }
    }

    /// Skips one value (after whitespace) and answers its span.
    pub(crate) fn value(&mut self) -> Scan<Span> {
        self.ws();
        let start = self.i;
        let mut nesting = Nesting::new();
        'value: loop {
            self.ws();
            match self.peek().ok_or(Invalid)? {
                b'"' => {
                    self.string()?;
                }
                b'{' => {
                    self.i += 1;
                    if !self.eat(b'}') {
                        nesting.push(true);
                        self.ws();
                        self.string()?;
                        self.expect(b':')?;
                        continue 'value;
                    }
                }
                b'[' => {
                    self.i += 1;
                    if !self.eat(b']') {
                        nesting.push(false);
                        continue 'value;
                    }
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return Err(Invalid),
            }
            // After a value: close containers, or go on to the next item.
            loop {
                let Some(object) = nesting.top() else { return Ok((start, self.i)) };
                self.ws();
                match self.peek() {
                    Some(b',') => {
                        self.i += 1;
                        if object {
                            self.ws();
                            self.string()?;
                            self.expect(b':')?;
                        }
                        continue 'value;
                    }
                    Some(b'}') if object => {
                        self.i += 1;
                        nesting.pop();
                    }
                    Some(b']') if !object => {
                        self.i += 1;
                        nesting.pop();
                    }
                    _ => return Err(Invalid),
                }
            }
        }
    }
}

/// The entries of the object `text` holds, each given to `entry` as its
/// key's content span, whether the key has escapes, and its value's span.
/// `Ok(false)` for a valid value that is not an object.
pub(crate) fn object(text: &str, mut entry: impl FnMut(Span, bool, Span)) -> Scan<bool> {
    let mut s = Scanner::new(text);
    if !s.eat(b'{') {
        s.value()?;
        s.end()?;
        return Ok(false);
    }
    if !s.eat(b'}') {
        loop {
            s.ws();
            let (key, escaped) = s.string()?;
            s.expect(b':')?;
            let value = s.value()?;
            entry(key, escaped, value);
            if s.eat(b',') {
                continue;
            }
            s.expect(b'}')?;
            break;
        }
    }
    s.end()?;
    Ok(true)
}

/// The items of the list `text` holds, as spans. `Ok(None)` for a valid
/// value that is not a list.
pub(crate) fn list(text: &str) -> Scan<Option<Vec<Span>>> {
    let mut s = Scanner::new(text);
    if !s.eat(b'[') {
        s.value()?;
        s.end()?;
        return Ok(None);
    }
    let mut items = Vec::new();
    if !s.eat(b']') {
        loop {
            items.push(s.value()?);
            if s.eat(b',') {
                continue;
            }
            s.expect(b']')?;
            break;
        }
    }
    s.end()?;
    Ok(Some(items))
}

/// Whether `text` is one JSON value (and whitespace).
pub(crate) fn valid(text: &str) -> bool {
    let mut s = Scanner::new(text);
    s.value().is_ok() && s.end().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts exactly what serde_json accepts.
    fn same(text: &str) {
        let serde = super::super::serde_check(text).is_ok();
        assert_eq!(valid(text), serde, "{text:?}: serde_json says {serde}");
    }

    #[test]
    fn accepts_what_serde_json_accepts() {
        for t in [
            "",
            " ",
            "0",
            "-0",
            "01",
            "-",
            "1.",
            "1.5",
            "1e",
            "1e+",
            "1E-5",
            ".5",
            "+1",
            "1.5e3x",
            "true",
            "tru",
            "nul",
            "null ",
            " false",
            "\"\"",
            "\"a",
            "\"\\u00e9\"",
            "\"\\ud800\"",
            "\"\\u12\"",
            "\"\\x\"",
            "\"\u{1}\"",
            "\"\\/\"",
            "[]",
            "[ ]",
            "[1,]",
            "[,1]",
            "[1 2]",
            "[1,2]",
            "{}",
            "{ }",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "{\"a\":1 \"b\":2}",
            "{1:2}",
            "{\"a\":[{\"b\":[]}]}",
            "[[[]]",
            "[]]",
            "{\"a\":1}}",
            "\t\n\r[1]\r\n",
            "\u{a0}1",
            "[1]\u{feff}",
            "[\"\\u0000\"]",
            "[\"é😀\"]",
            "{\"\\u0061\":1}",
            "{\"a\":1,\"a\":2}",
        ] {
            same(t);
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(valid(&deep));
        let deep_objects = format!("{}1{}", "{\"a\":".repeat(300), "}".repeat(300));
        assert!(valid(&deep_objects));
        assert!(!valid(&format!("{}1{}", "{\"a\":".repeat(300), "}".repeat(299))));
    }

    #[test]
    fn finds_entries_and_items() {
        let text = r#" {"a": [1, {"b": "}"}], "k\"ey" : null} "#;
        let mut e = Vec::new();
        let piece = |s: Span| &text[s.0..s.1];
        assert!(object(text, |k, esc, v| e.push((piece(k), esc, piece(v)))).ok().unwrap());
        assert_eq!(e, [("a", false, r#"[1, {"b": "}"}]"#), (r#"k\"ey"#, true, "null")]);
        assert!(!object("[1]", |_, _, _| ()).ok().unwrap());
        let items = list("[1, \"x\" , [2]]").ok().flatten().unwrap();
        assert_eq!(items.len(), 3);
        assert!(list("{}").ok().unwrap().is_none());
        assert!(list("[1,]").is_err() && object("{\"a\":1,}", |_, _, _| ()).is_err());
    }
}
