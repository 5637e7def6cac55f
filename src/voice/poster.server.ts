// The A4 poster of an organisation's permanent questionnaire, with the survey room's QR and PDF setup.
import QRCode from 'qrcode';
import { posterPdfDocument } from '../survey/poster.server';

export async function voicePosterPdf(p: {
  organisationName: string;
  territoryName: string;
  url: string;
}): Promise<Buffer> {
  const svg = await QRCode.toString(p.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return posterPdfDocument({
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 50],
    info: { title: `Анкета и отзывы: ${p.organisationName}`, creator: 'НОКО' },
    defaultStyle: { font: 'NokoRoboto', fontSize: 14, lineHeight: 1.2 },
    content: [
      { text: 'Ваше мнение важно круглый год', fontSize: 28, bold: true, alignment: 'center', margin: [0, 0, 0, 10] },
      { text: p.organisationName, fontSize: 18, alignment: 'center', margin: [0, 0, 0, 20] },
      {
        text: 'Наведите камеру телефона на код: короткая анкета «да/нет» о качестве условий и форма отзыва.',
        alignment: 'center',
        margin: [0, 0, 0, 16],
      },
      { svg, width: 300, alignment: 'center', margin: [0, 0, 0, 12] },
      { text: p.url, fontSize: 16, bold: true, alignment: 'center', margin: [0, 0, 0, 16] },
      {
        text: 'Анкета анонимная. Отзывы публикуются после проверки модератором. Ни анкета, ни отзывы не входят в официальную независимую оценку качества и не являются обращением гражданина.',
        fontSize: 12,
        alignment: 'center',
        color: '#333333',
      },
      { text: p.territoryName, fontSize: 10, alignment: 'center', color: '#555555', margin: [0, 20, 0, 0] },
    ],
  });
}
