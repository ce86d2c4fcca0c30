# Incident Desk — English. One source for the UI, the CLI, PDFs and e-mails.
# Every message must exist in kk.ftl, ru.ftl and en.ftl (a test checks it).

## app
app-title = Incident Desk — technical failures journal
loading = Loading…
field-language = Language

## journal (002, Appendix: the official Journal form)
journal-heading = Journal of user appeals about technical failures
journal-empty = No appeals yet
journal-count = Total: { $count }
col-number = Incident №
col-organisation = Organisation that appealed
col-bin-iin = BIN / IIN
col-received-at = Date and time of the appeal
col-contact = Contact data used by the user
col-decision = Decision taken
col-failure-type = Type of technical failure
col-recommendations = Recommendations to prevent it
col-channel = Channel

## new appeal form
new-appeal = New appeal
form-title = Register an appeal
field-organisation = Organisation
field-bin-iin = BIN / IIN
field-received-at = Received (Astana time)
field-channel = Channel
field-contact = Contact data
field-description = Description
field-workstation = Workstation code
hint-received-at = DD.MM.YYYY HH:MM
form-save = Register
form-cancel = Cancel
form-saved = Appeal { $number } registered
channel-phone = Phone
channel-email = E-mail
channel-letter = Official letter
channel-forum = Internet forum
channel-monitoring = Monitoring

## first start
setup-title = First start
setup-text = Enter this workstation's code: it starts every incident number (e.g. AST1-2026-000042).
setup-save = Save

## errors
err-required = { $field }: required
err-too-long = { $field }: too long (at most { $max } characters)
err-bin-length = { $field }: must be 12 digits, { $len } entered
err-bin-digits = { $field }: digits only
err-bin-checksum = { $field }: the control digit does not match — check the number
err-datetime-format = { $field }: enter date and time as DD.MM.YYYY HH:MM
err-datetime-future = { $field }: cannot be in the future
err-channel-unknown = { $field }: unknown channel “{ $value }”
err-workstation-format = { $field }: 2 to 8 Latin letters or digits, e.g. AST1
err-workstation-missing = The workstation code is not set: run `desk setup --workstation CODE`
err-workstation-fixed = The workstation code is already set ({ $code }) and cannot change: incident numbers rest on it
err-store-newer = The database { $path } was written by a newer version of Incident Desk (schema { $found }; this version knows up to { $supported }). Update the application.
err-store = Database error: { $detail }
err-internal = Internal error: { $detail }

## documents
# Journal extract (002, Appendix: the official Journal form)
doc-journal-title = Journal of user appeals about technical failures of the procurement web portal
doc-extract-period = Extract for the period { $from } – { $to }
doc-rules = Rules: { $rules }
doc-generated = Produced: { $at } (Astana time)
doc-col-seq = No.
doc-col-organisation = Name of the organisation that appealed
doc-col-bin-iin = BIN, IIN
doc-col-received = Date and time of the appeal
doc-col-contact = Contact data the portal user appealed from
doc-col-decision = Decision taken
doc-col-failure-type = Type of technical failure
doc-col-recommendations = Recommendations to prevent the failure in future
doc-col-incident = Incident No.
doc-signature-role = Responsible person of the technical administration department
doc-signature-sign = (signature)
doc-signature-name = Full name
doc-page-of = Page { $page } of { $pages }
doc-total = Appeals in the period: { $count }
doc-empty = No appeals in the period
doc-abbreviations = Abbreviations: BIN – business identification number; IIN – individual identification number.
doc-rules-quasi-1216 = Rules of operation of procurement web portals of certain quasi-state entities (Order No. 1216 of 24.11.2021)
doc-rules-gz-627 = Rules for using the Unified Procurement Platform (Order No. 627 of 16.09.2024)
doc-rules-energy-366 = Rules of operation of the electronic procurement platform of the national project for modernising the energy and communal sectors (Order No. 366 of 15.09.2025)
doc-err-rules = Unknown rule set “{ $value }”: QUASI-1216, GZ-627 or ENERGY-366
doc-err-period = Period: date “{ $value }” not understood — enter DD.MM.YYYY
doc-err-period-order = Period: the start { $from } is after the end { $to }
doc-err-format = Unknown format “{ $value }”: pdf, csv or xlsx
doc-err-render = Could not produce the document: { $detail }
doc-err-write = Could not write { $file }: { $detail }
doc-written = Written: { $file } ({ $count } appeals)
