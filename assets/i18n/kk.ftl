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

## documents
# Журналдан үзінді көшірме (002, қосымша: Журнал нысаны)
doc-journal-title = Сатып алу веб-порталында туындаған техникалық іркілістер туралы пайдаланушылардың өтініштерін есепке алу журналы
doc-extract-period = Кезеңге үзінді көшірме: { $from } – { $to }
doc-rules = Қағидалар: { $rules }
doc-generated = Жасалған уақыты: { $at } (Астана уақыты)
doc-col-seq = Р/с №
doc-col-organisation = Жүгінген ұйымның атауы
doc-col-bin-iin = БСН, ЖСН
doc-col-received = Жүгінген күні мен уақыты
doc-col-contact = Веб-портал пайдаланушысы жүгінген байланыс деректері
doc-col-decision = Қабылданған шешім
doc-col-failure-type = Техникалық іркілістің түрі
doc-col-recommendations = Техникалық іркіліске бұдан әрі жол бермеу жөніндегі ұсынымдар
doc-col-incident = Инцидент №
doc-signature-role = Техникалық әкімшілендіру бөлімінің жауапты тұлғасы
doc-signature-sign = (қолы)
doc-signature-name = Т.А.Ә.
doc-page-of = Бет { $page } / { $pages }
doc-total = Кезеңдегі өтініштер саны: { $count }
doc-empty = Кезеңде өтініштер жоқ
doc-abbreviations = Аббревиатуралардың толық жазылуы: БСН – бизнес-сәйкестендіру нөмірі; ЖСН – жеке сәйкестендіру нөмірі; р/с – реттік саны; Т.А.Ә. – тегі, аты, әкесінің аты (бар болса).
doc-rules-quasi-1216 = Квазимемлекеттік сектордың жекелеген субъектілерінің сатып алу веб-порталдарының жұмыс қағидалары (24.11.2021 ж. № 1216 бұйрық)
doc-rules-gz-627 = Бірыңғай сатып алу платформасын пайдалану қағидалары (16.09.2024 ж. № 627 бұйрық)
doc-rules-energy-366 = Энергетикалық және коммуналдық секторларды жаңғырту жөніндегі ұлттық жоба аясындағы сатып алулардың электрондық платформасының жұмыс істеу қағидалары (15.09.2025 ж. № 366 бұйрық)
doc-err-rules = «{ $value }» қағидалар жиыны белгісіз: QUASI-1216, GZ-627 немесе ENERGY-366
doc-err-period = Кезең: «{ $value }» күні танылмады — КК.АА.ЖЖЖЖ түрінде енгізіңіз
doc-err-period-order = Кезең: басы { $from } соңынан { $to } кейін тұр
doc-err-format = «{ $value }» пішімі белгісіз: pdf, csv немесе xlsx
doc-err-render = Құжатты жасау мүмкін болмады: { $detail }
doc-err-write = { $file } жазу мүмкін болмады: { $detail }
doc-written = Жазылды: { $file } ({ $count } өтініш)
