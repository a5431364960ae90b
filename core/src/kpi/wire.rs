//! The byte formats of the KPI state (an [`EventLog`](super::EventLog), a
//! [`Partial`](super::Partial)): little-endian integers, strings as a u32
//! length and UTF-8, a magic and a version first, and last the CRC-32C of
//! everything before it, so that a byte changed anywhere in transit is
//! refused, not read as another valid state.

use crate::error::{Error, ProblemCode};

/// CRC-32C (Castagnoli), as iSCSI and ext4 use it.
const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISCSI);

/// Writes one format.
pub(crate) struct Writer(Vec<u8>);

impl Writer {
    /// A format with its magic and version.
    pub(crate) fn new(magic: &[u8; 7], version: u8, capacity: usize) -> Writer {
        let mut out = Vec::with_capacity(capacity + 12);
        out.extend_from_slice(magic);
        out.push(version);
        Writer(out)
    }
    pub(crate) fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn len(&mut self, n: usize) {
        self.u32(n as u32);
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    /// The bytes, sealed with their checksum.
    pub(crate) fn finish(self) -> Vec<u8> {
        let mut out = self.0;
        let sum = CRC.checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

/// Reads one format, checked whole.
pub(crate) struct Reader<'a> {
    b: &'a [u8],
    i: usize,
    /// What the bytes should be, for messages ("an event log").
    what: &'static str,
}

impl<'a> Reader<'a> {
    /// The content of `bytes` after its magic and version, when the magic,
    /// the version and the checksum hold.
    pub(crate) fn open(bytes: &'a [u8], magic: &[u8; 7], version: u8, what: &'static str) -> Result<Reader<'a>, Error> {
        let bad = |why: &str| Error::input("", ProblemCode::InvalidBytes, format!("not {what}: {why}"));
        if bytes.get(..magic.len()) != Some(magic) {
            return Err(bad(&format!("it does not start with {}", String::from_utf8_lossy(magic))));
        }
        let content = bytes
            .len()
            .checked_sub(4)
            .and_then(|n| bytes.split_at_checked(n))
            .filter(|(content, sum)| CRC.checksum(content).to_le_bytes() == **sum)
            .map(|(content, _)| content)
            .ok_or_else(|| bad("its checksum does not match (changed or cut short)"))?;
        let mut r = Reader { b: content, i: magic.len(), what };
        if r.u8()? != version {
            return Err(r.corrupt("it has another format version"));
        }
        Ok(r)
    }

    /// The error of bytes that are not what they should be.
    pub(crate) fn corrupt(&self, why: &str) -> Error {
        Error::input("", ProblemCode::InvalidBytes, format!("not {}: {why}", self.what))
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end =
            self.i.checked_add(n).filter(|&e| e <= self.b.len()).ok_or_else(|| self.corrupt("it is cut short"))?;
        let s = &self.b[self.i..end];
        self.i = end;
        Ok(s)
    }
    pub(crate) fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap_or_default()))
    }
    pub(crate) fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap_or_default()))
    }
    pub(crate) fn i64(&mut self) -> Result<i64, Error> {
        Ok(self.u64()? as i64)
    }
    /// A count of items of at least `min_size` bytes each: refused when the
    /// bytes left cannot hold them (so no count allocates past the input).
    pub(crate) fn len(&mut self, min_size: usize) -> Result<usize, Error> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_size.max(1)) > self.b.len() - self.i {
            return Err(self.corrupt("a count does not fit its length"));
        }
        Ok(n)
    }
    pub(crate) fn str(&mut self) -> Result<&'a str, Error> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).map_err(|_| self.corrupt("a string is not UTF-8"))
    }
    /// Refuses bytes left past the end of the format.
    pub(crate) fn end(&self) -> Result<(), Error> {
        if self.i == self.b.len() {
            Ok(())
        } else {
            Err(self.corrupt("it has bytes past its end"))
        }
    }
}
