# Incident Desk — қазақша. One source for the UI, the CLI, PDFs and e-mails.
# Every message must exist in kk.ftl, ru.ftl and en.ftl (a test checks it).

## app
app-title = Incident Desk — техникалық іркілістер журналы
loading = Жүктелуде…
field-language = Тіл

## journal (002, қосымша: Есепке алу журналының нысаны)
journal-heading = Пайдаланушылардың туындаған техникалық іркілістер туралы өтініштерін есепке алу журналы
journal-empty = Әзірге өтініштер жоқ
journal-count = Барлығы: { $count }
col-number = Инцидент №
col-organisation = Жүгінген ұйымның атауы
col-bin-iin = БСН / ЖСН
col-received-at = Өтініштің күні мен уақыты
col-contact = Пайдаланушының байланыс деректері
col-decision = Қабылданған шешім
col-failure-type = Техникалық іркілістің түрі
col-recommendations = Іркілісті болдырмау жөніндегі ұсынымдар
col-channel = Арна

## new appeal form
new-appeal = Жаңа өтініш
form-title = Өтінішті тіркеу
field-organisation = Ұйым
field-bin-iin = БСН / ЖСН
field-received-at = Түскен күні мен уақыты (Астана уақыты)
field-channel = Арна
field-contact = Байланыс деректері
field-description = Сипаттама
field-workstation = Жұмыс орнының коды
hint-received-at = КК.АА.ЖЖЖЖ СС:ММ
form-save = Тіркеу
form-cancel = Болдырмау
form-saved = { $number } өтініші тіркелді
channel-phone = Телефон
channel-email = Электрондық пошта
channel-letter = Ресми хат
channel-forum = Интернет-форум
channel-monitoring = Мониторинг

## first start
setup-title = Алғашқы іске қосу
setup-text = Осы жұмыс орнының кодын енгізіңіз: ол инцидент нөмірлерінің басында тұрады (мысалы, AST1-2026-000042).
setup-save = Сақтау

## errors
err-required = { $field }: толтыру міндетті
err-too-long = { $field }: тым ұзын (ең көбі { $max } таңба)
err-bin-length = { $field }: 12 цифр болуы керек, енгізілгені { $len }
err-bin-digits = { $field }: тек цифрлар енгізіледі
err-bin-checksum = { $field }: бақылау цифры сәйкес келмейді — нөмірді тексеріңіз
err-datetime-format = { $field }: күн мен уақытты КК.АА.ЖЖЖЖ СС:ММ түрінде көрсетіңіз
err-datetime-future = { $field }: болашақтағы уақыт болуы мүмкін емес
err-channel-unknown = { $field }: белгісіз арна «{ $value }»
err-workstation-format = { $field }: 2-ден 8-ге дейін латын әрпі немесе цифр, мысалы AST1
err-workstation-missing = Жұмыс орнының коды берілмеген: `desk setup --workstation КОД` орындаңыз
err-workstation-fixed = Жұмыс орнының коды бұрыннан берілген ({ $code }) және өзгертілмейді: инцидент нөмірлері соған негізделген
err-store-newer = { $path } дерекқорын Incident Desk-тің жаңарақ нұсқасы жазған (схема { $found }, бұл нұсқа { $supported } дейін ғана біледі). Қосымшаны жаңартыңыз.
err-store = Дерекқор қатесі: { $detail }
err-internal = Ішкі қате: { $detail }
