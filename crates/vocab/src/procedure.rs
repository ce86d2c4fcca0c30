//! The procurement procedures a failure or planned works can move (deadlines.md §4).

use crate::coded_enum;

coded_enum! {
    /// The stage of a procurement whose deadline may move.
    ProcedureKind, "proc-kind" {
        AcceptanceEnd = "acceptance_end",
        AcceptanceStart = "acceptance_start",
        SupplementEnd = "supplement_end",
        Opening = "opening",
        Admission = "admission",
        Results = "results",
        AuctionTrading = "auction_trading",
        ContractApproval = "contract_approval",
        ContractSigning = "contract_signing",
        Complaint = "complaint",
        Discussion = "discussion",
        DeskControlEnd = "desk_control_end",
        DeskControlNoticeEnd = "desk_control_notice_end",
        TariffEnd = "tariff_end",
    }
}

impl ProcedureKind {
    /// Acceptance stages are governed by the procurement method (002 §36.3, §37.4).
    pub fn needs_method(self) -> bool {
        matches!(
            self,
            ProcedureKind::AcceptanceEnd | ProcedureKind::AcceptanceStart
        )
    }
}

coded_enum! {
    /// The procurement method of an acceptance stage.
    AcceptanceMethod, "proc-method" {
        Tender = "tender",
        Auction = "auction",
        PriceRequest = "price_request",
        Housing = "housing",
        OneSource = "one_source",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_i18n::Lang;

    #[test]
    fn every_procedure_kind_and_method_has_a_label_in_every_language() {
        for lang in Lang::ALL {
            for k in ProcedureKind::ALL {
                assert!(!k.label(lang).starts_with("proc-kind-"), "{k:?} {lang}");
            }
            for m in AcceptanceMethod::ALL {
                assert!(!m.label(lang).starts_with("proc-method-"), "{m:?} {lang}");
            }
        }
    }
}
