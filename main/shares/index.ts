export { SharesModel, type SharesModelOptions } from './sharesModel';
