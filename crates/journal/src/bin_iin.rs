//! BIN (business identification number) and IIN (individual identification number):
//! 12 digits, the last a control digit computed by the two-pass weighted mod-11 rule
//! (DIGEST §1 "Identifiers"; the Journal's column "БИН, ИИН", 002 Appendix).

use serde::{Deserialize, Serialize};

/// What is wrong with an entered BIN/IIN.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BinIinError {
    #[error("empty")]
    Empty,
    #[error("only digits are allowed")]
    NotDigits,
    #[error("must be 12 digits, got {0}")]
    WrongLength(usize),
    #[error("control digit does not match")]
    BadChecksum,
}

/// A checked BIN or IIN.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BinIin(String);

const WEIGHTS_1: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const WEIGHTS_2: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// The control digit for the first 11 digits, or `None` when both passes give 10:
/// such numbers are never issued.
pub fn control_digit(first11: &[u32; 11]) -> Option<u32> {
    let pass = |w: &[u32; 11]| first11.iter().zip(w).map(|(d, w)| d * w).sum::<u32>() % 11;
    match pass(&WEIGHTS_1) {
        10 => match pass(&WEIGHTS_2) {
            10 => None,
            c => Some(c),
        },
        c => Some(c),
    }
}

impl BinIin {
    pub fn parse(input: &str) -> Result<Self, BinIinError> {
        // Operators paste numbers from letters with spaces or dashes between groups.
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(BinIinError::Empty);
        }
        let digits: Vec<u32> = compact
            .chars()
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()
            .ok_or(BinIinError::NotDigits)?;
        if digits.len() != 12 {
            return Err(BinIinError::WrongLength(digits.len()));
        }
        let mut first11 = [0u32; 11];
        first11.copy_from_slice(&digits[..11]);
        match control_digit(&first11) {
            Some(c) if c == digits[11] => Ok(BinIin(compact)),
            _ => Err(BinIinError::BadChecksum),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for BinIin {
    type Error = BinIinError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        BinIin::parse(&s)
    }
}

impl From<BinIin> for String {
    fn from(b: BinIin) -> String {
        b.0
    }
}

impl std::fmt::Display for BinIin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_a_real_published_bin() {
        // Kaspi Bank JSC, BIN as printed on its public requisites.
        assert!(BinIin::parse("971240001315").is_ok());
    }

    #[test]
    fn accepts_a_number_whose_first_pass_gives_ten() {
        // 1·1+2·2+…+1·11 = 296 ≡ 10 (mod 11) → second pass 377 ≡ 3.
        assert_eq!(
            BinIin::parse("123456789013").map(String::from),
            Ok("123456789013".into())
        );
        assert_eq!(BinIin::parse("123456789010"), Err(BinIinError::BadChecksum));
    }

    #[test]
    fn tolerates_spaces_and_dashes_from_pasted_text() {
        assert_eq!(
            BinIin::parse(" 9712 4000 1315 ").map(String::from),
            Ok("971240001315".into())
        );
    }

    #[test]
    fn says_what_is_wrong() {
        assert_eq!(BinIin::parse(""), Err(BinIinError::Empty));
        assert_eq!(
            BinIin::parse("97124000131"),
            Err(BinIinError::WrongLength(11))
        );
        assert_eq!(
            BinIin::parse("9712400013155"),
            Err(BinIinError::WrongLength(13))
        );
        assert_eq!(BinIin::parse("97124000131A"), Err(BinIinError::NotDigits));
        assert_eq!(BinIin::parse("971240001316"), Err(BinIinError::BadChecksum));
    }

    proptest! {
        /// Exactly one control digit completes any 11 digits: a mistyped last digit
        /// is always caught.
        #[test]
        fn exactly_one_control_digit_is_accepted(first in proptest::array::uniform11(0u32..10)) {
            let prefix: String = first.iter().filter_map(|d| char::from_digit(*d, 10)).collect();
            let accepted: Vec<u32> = (0..10)
                .filter(|last| BinIin::parse(&format!("{prefix}{last}")).is_ok())
                .collect();
            match control_digit(&first) {
                Some(c) => prop_assert_eq!(accepted, vec![c]),
                None => prop_assert!(accepted.is_empty()),
            }
        }
    }
}
