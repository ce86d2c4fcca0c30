//! BER → DER, for PKCS#12 files as NCA RK issues them (indefinite lengths, octet strings in
//! chunks): the RustCrypto parsers behind `p12-keystore` accept DER only.
//!
//! OCTET STRING contents are left as they are (only their chunks are joined): they carry
//! MACed, encrypted or signed bytes that must not change.

/// Why the bytes are not BER at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed BER at byte {0}")]
pub struct BerError(pub usize);

const MAX_DEPTH: usize = 64;

/// Re-encodes `input` (one BER element, trailing bytes refused) in DER form: definite
/// lengths, primitive strings, SET elements sorted.
pub fn to_der(input: &[u8]) -> Result<Vec<u8>, BerError> {
    let mut out = Vec::with_capacity(input.len());
    let used = element(input, 0, 0, &mut out)?;
    if used != input.len() {
        return Err(BerError(used));
    }
    Ok(out)
}

struct Header {
    /// The identifier octets as they were (class and number), constructed bit included.
    tag: Vec<u8>,
    constructed: bool,
    /// `None` for the indefinite form.
    len: Option<usize>,
    header_len: usize,
}

fn header(input: &[u8], at: usize) -> Result<Header, BerError> {
    let first = *input.get(at).ok_or(BerError(at))?;
    let mut i = at + 1;
    if first & 0x1f == 0x1f {
        loop {
            let b = *input.get(i).ok_or(BerError(i))?;
            i += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let tag = input[at..i].to_vec();
    let l = *input.get(i).ok_or(BerError(i))?;
    i += 1;
    let len = if l == 0x80 {
        None
    } else if l & 0x80 == 0 {
        Some(usize::from(l))
    } else {
        let n = usize::from(l & 0x7f);
        if n > 4 {
            return Err(BerError(i));
        }
        let mut v = 0usize;
        for _ in 0..n {
            v = (v << 8) | usize::from(*input.get(i).ok_or(BerError(i))?);
            i += 1;
        }
        Some(v)
    };
    Ok(Header {
        tag,
        constructed: first & 0x20 != 0,
        len,
        header_len: i - at,
    })
}

fn write_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

/// Universal string types that BER lets be split into chunks.
fn is_string(tag: &[u8]) -> bool {
    matches!(
        tag.first().map(|t| t & !0x20),
        Some(0x03 | 0x04 | 0x0c | 0x13 | 0x14 | 0x16 | 0x1e)
    ) && tag.len() == 1
}

/// Converts the element at `at`, appending DER to `out`; returns the bytes consumed.
fn element(input: &[u8], at: usize, depth: usize, out: &mut Vec<u8>) -> Result<usize, BerError> {
    if depth > MAX_DEPTH {
        return Err(BerError(at));
    }
    let h = header(input, at)?;
    let body = at + h.header_len;
    if !h.constructed {
        let len = h.len.ok_or(BerError(at))?;
        let end = body
            .checked_add(len)
            .filter(|e| *e <= input.len())
            .ok_or(BerError(at))?;
        out.extend_from_slice(&h.tag);
        write_len(out, len);
        out.extend_from_slice(&input[body..end]);
        return Ok(end - at);
    }
    // Children, each converted on its own.
    let mut children: Vec<Vec<u8>> = Vec::new();
    let mut i = body;
    let end = loop {
        match h.len {
            Some(len) => {
                let end = body
                    .checked_add(len)
                    .filter(|e| *e <= input.len())
                    .ok_or(BerError(at))?;
                if i >= end {
                    if i > end {
                        return Err(BerError(i));
                    }
                    break end;
                }
            }
            None => {
                if input.get(i..i + 2) == Some(&[0, 0]) {
                    break i + 2;
                }
                if i >= input.len() {
                    return Err(BerError(i));
                }
            }
        }
        let mut child = Vec::new();
        i += element(input, i, depth + 1, &mut child)?;
        children.push(child);
    };
    if is_string(&h.tag) {
        // A chunked string becomes one primitive string of the joined contents.
        let mut joined = Vec::new();
        for c in &children {
            let ch = header(c, 0)?;
            joined.extend_from_slice(&c[ch.header_len..]);
        }
        out.push(h.tag[0] & !0x20);
        write_len(out, joined.len());
        out.extend_from_slice(&joined);
    } else {
        if h.tag == [0x31] {
            children.sort();
        }
        let len: usize = children.iter().map(Vec::len).sum();
        out.extend_from_slice(&h.tag);
        write_len(out, len);
        for c in children {
            out.extend_from_slice(&c);
        }
    }
    Ok(end - at)
}

/// Like [`to_der`] for the first element of `input`, ignoring what follows it (the zero
/// padding of a PDF signature's /Contents); returns the DER and the bytes consumed.
pub fn to_der_prefix(input: &[u8]) -> Result<(Vec<u8>, usize), BerError> {
    let mut out = Vec::with_capacity(input.len());
    let used = element(input, 0, 0, &mut out)?;
    Ok((out, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indefinite_lengths_and_chunked_octet_strings_become_der() {
        // SEQUENCE (indefinite) { OCTET STRING constructed (indefinite) { "ab", "c" }, INTEGER 5 }
        let ber = [
            0x30, 0x80, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c', 0x00, 0x00, 0x02,
            0x01, 0x05, 0x00, 0x00,
        ];
        assert_eq!(
            to_der(&ber),
            Ok(vec![
                0x30, 0x08, 0x04, 0x03, b'a', b'b', b'c', 0x02, 0x01, 0x05
            ])
        );
    }

    #[test]
    fn der_passes_through_unchanged() {
        let der = [0x30, 0x06, 0x02, 0x01, 0x01, 0x04, 0x01, 0xff];
        assert_eq!(to_der(&der), Ok(der.to_vec()));
    }

    #[test]
    fn truncated_or_trailing_input_is_refused_not_panicked_on() {
        assert!(to_der(&[0x30, 0x80, 0x04, 0x01]).is_err());
        assert!(to_der(&[0x30, 0x05, 0x02]).is_err());
        assert!(to_der(&[0x02, 0x01, 0x01, 0x00]).is_err());
        assert!(to_der(&[]).is_err());
    }
}
