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
