# Incident Desk — русский. One source for the UI, the CLI, PDFs and e-mails.
# Every message must exist in kk.ftl, ru.ftl and en.ftl (a test checks it).

## app
app-title = Incident Desk — журнал технических сбоев
loading = Загрузка…
field-language = Язык

## journal (002, приложение: форма Журнала учета)
journal-heading = Журнал учета обращений пользователей о возникших технических сбоях
journal-empty = Обращений пока нет
journal-count = Всего: { $count }
col-number = № инцидента
col-organisation = Наименование обратившейся организации
col-bin-iin = БИН / ИИН
col-received-at = Дата и время обращения
col-contact = Контактные данные пользователя
col-decision = Принятое решение
col-failure-type = Вид технического сбоя
col-recommendations = Рекомендации по недопущению сбоя впредь
col-channel = Канал

## new appeal form
new-appeal = Новое обращение
form-title = Регистрация обращения
field-organisation = Организация
field-bin-iin = БИН / ИИН
field-received-at = Дата и время поступления (время Астаны)
field-channel = Канал
field-contact = Контактные данные
field-description = Описание
field-workstation = Код рабочего места
hint-received-at = ДД.ММ.ГГГГ ЧЧ:ММ
form-save = Зарегистрировать
form-cancel = Отмена
form-saved = Обращение { $number } зарегистрировано
channel-phone = Телефон
channel-email = Электронная почта
channel-letter = Официальное письмо
channel-forum = Интернет-форум
channel-monitoring = Мониторинг

## first start
setup-title = Первый запуск
setup-text = Укажите код этого рабочего места: он стоит в начале номеров инцидентов (например, AST1-2026-000042).
setup-save = Сохранить

## errors
err-required = { $field }: обязательное поле
err-too-long = { $field }: слишком длинно (не более { $max } символов)
err-bin-length = { $field }: должно быть 12 цифр, введено { $len }
err-bin-digits = { $field }: допускаются только цифры
err-bin-checksum = { $field }: контрольная цифра не совпадает — проверьте номер
err-datetime-format = { $field }: укажите дату и время в виде ДД.ММ.ГГГГ ЧЧ:ММ
err-datetime-future = { $field }: не может быть в будущем
err-channel-unknown = { $field }: неизвестный канал «{ $value }»
err-workstation-format = { $field }: от 2 до 8 латинских букв или цифр, например AST1
err-workstation-missing = Код рабочего места не задан: выполните `desk setup --workstation КОД`
err-workstation-fixed = Код рабочего места уже задан ({ $code }) и не меняется: на нём держатся номера инцидентов
err-store-newer = База { $path } записана более новой версией Incident Desk (схема { $found }, эта версия знает до { $supported }). Обновите приложение.
err-store = Ошибка базы данных: { $detail }
err-internal = Внутренняя ошибка: { $detail }

## documents
# Journal extract (002, Приложение: форма Журнала)
doc-journal-title = Журнал учета обращений пользователей о возникших технических сбоях веб-портала закупок
doc-extract-period = Выписка за период: { $from } – { $to }
doc-rules = Правила: { $rules }
doc-generated = Сформировано: { $at } (время Астаны)
doc-col-seq = № п/п
doc-col-organisation = Наименование обратившейся организации
doc-col-bin-iin = БИН, ИИН
doc-col-received = Дата и время обращения
doc-col-contact = Контактные данные, по которым обратился пользователь веб-портала
doc-col-decision = Принятое решение
doc-col-failure-type = Вид технического сбоя
doc-col-recommendations = Рекомендации по недопущению технического сбоя впредь
doc-col-incident = № инцидента
doc-signature-role = Ответственное лицо отдела технического администрирования
doc-signature-sign = (подпись)
doc-signature-name = Ф.И.О.
doc-page-of = Страница { $page } из { $pages }
doc-total = Всего обращений за период: { $count }
doc-empty = За период обращений нет
doc-abbreviations = Расшифровка аббревиатур: БИН – бизнес-идентификационный номер; ИИН – индивидуальный идентификационный номер; п/п – по порядку; Ф.И.О. – фамилия, имя, отчество (при наличии).
doc-rules-quasi-1216 = Правила работы веб-порталов закупок отдельных субъектов квазигосударственного сектора (приказ № 1216 от 24.11.2021)
doc-rules-gz-627 = Правила использования единой платформы закупок (приказ № 627 от 16.09.2024)
doc-rules-energy-366 = Правила функционирования электронной платформы закупок национального проекта по модернизации энергетического и коммунального секторов (приказ № 366 от 15.09.2025)
doc-err-rules = Неизвестный набор правил «{ $value }»: QUASI-1216, GZ-627 или ENERGY-366
doc-err-period = Период: дата «{ $value }» не распознана — введите ДД.ММ.ГГГГ
doc-err-period-order = Период: начало { $from } позже конца { $to }
doc-err-format = Неизвестный формат «{ $value }»: pdf, csv или xlsx
doc-err-render = Не удалось сформировать документ: { $detail }
doc-err-write = Не удалось записать { $file }: { $detail }
doc-written = Записано: { $file } ({ $count } обращений)
