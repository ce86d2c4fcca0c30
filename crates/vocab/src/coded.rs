/// Generates `code()`, `from_code()`, `ALL` and a translated `label()` for a closed list
/// whose codes are stored in the database and sent over the wire. The deriving crate
/// needs `serde` and `ts-rs` as dependencies (their derives name them).
#[macro_export]
macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident, $prefix:literal { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name { $( #[serde(rename = $code)] $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                let code = code.trim();
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }

            pub fn label(self, lang: $crate::__private::Lang) -> String {
                $crate::__private::tr(lang, &format!(concat!($prefix, "-{}"), self.code()), &[])
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
